namespace EventKit.Functions.Testing.Startup;

/// <summary>
/// The .NET type a host.json value binds to. The real host reads host.json through configuration binding, so a value is
/// accepted in the forms binding accepts: <c>16</c> or <c>"16"</c> for a number, <c>true</c> or <c>"true"</c> for a flag.
/// </summary>
internal enum HostJsonValueKind
{
    Text,
    Integer,
    Flag,
    Duration,

    /// <summary>A duration longer than zero (a timeout the backend waits out).</summary>
    PositiveDuration,
    Section,
}

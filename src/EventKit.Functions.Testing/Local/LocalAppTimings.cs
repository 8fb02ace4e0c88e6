namespace EventKit.Functions.Testing.Local;

/// <summary>How long each part of a <see cref="LocalApp"/> took to start.</summary>
public sealed record LocalAppTimings(TimeSpan Azurite, TimeSpan ServiceBus, TimeSpan Host)
{
    /// <summary>The three, one after another.</summary>
    public TimeSpan Total => Azurite + ServiceBus + Host;
}

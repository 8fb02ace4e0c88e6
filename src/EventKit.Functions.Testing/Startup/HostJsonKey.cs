namespace EventKit.Functions.Testing.Startup;

/// <summary>One host.json key the checks know: its type and, for numbers, the smallest and largest value the host accepts.</summary>
internal sealed record HostJsonKey(string Name, HostJsonValueKind Kind, int Minimum = int.MinValue, int Maximum = int.MaxValue);

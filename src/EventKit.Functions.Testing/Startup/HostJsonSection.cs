namespace EventKit.Functions.Testing.Startup;

/// <summary>A host.json section by its dotted path, and the keys the checks know in it.</summary>
internal sealed record HostJsonSection(string Path, bool Closed, IReadOnlyList<HostJsonKey> Keys);

namespace EventKit.Functions.Testing.Startup;

/// <summary>
/// <see cref="FunctionsTestHost.StartAsync"/> found what the Functions host or an Azure service would reject (an invalid
/// function or task hub name, a duplicate HTTP route, an undeclared Service Bus entity, a missing setting, a bad host.json
/// value). Nothing was started. Every problem found is listed, not just the first.
/// </summary>
public sealed class FunctionsHostStartupException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="problems"/> (at least one).</summary>
    public FunctionsHostStartupException(IReadOnlyList<StartupProblem> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    /// <summary>Every problem found, in the order functions, routes, Service Bus, settings, host.json.</summary>
    public IReadOnlyList<StartupProblem> Problems { get; }

    private static string Describe(IReadOnlyList<StartupProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return $"The Functions host would refuse this app ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}):"
            + string.Concat(problems.Select(static p => $"{Environment.NewLine}  - {p.Message}"));
    }
}

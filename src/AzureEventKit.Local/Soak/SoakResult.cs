namespace AzureEventKit.Local.Soak;

/// <summary>One soak run: the orders as the callers saw them, the faults injected, the timings and the audit.</summary>
internal sealed record SoakResult(
    IReadOnlyList<SoakOrder> Orders,
    IReadOnlyList<string> FaultsInjected,
    IReadOnlyList<string> FaultsScheduled,
    int PoisonSent,
    TimeSpan UntilOrdersFinished,
    TimeSpan WallClock,
    bool Quiescent,
    SoakAuditResult Audit)
{
    /// <summary>The run's time ran out before every order was placed and finished and Service Bus was quiet.</summary>
    public bool TimedOut { get; init; }

    public bool Passed => !TimedOut && Quiescent && Audit.Violations.Count == 0 && FaultsInjected.Count == FaultsScheduled.Count;
}

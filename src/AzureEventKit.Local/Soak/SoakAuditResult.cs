namespace AzureEventKit.Local.Soak;

/// <summary>What the audit checked and found.</summary>
internal sealed record SoakAuditResult(
    IReadOnlyList<string> Invariants,
    IReadOnlyList<SoakViolation> Violations,
    int Captured,
    int Voided,
    int Shipments,
    int Notifications,
    int DeadLettersRecorded,
    IReadOnlyDictionary<string, int> DeadLetterReasons);

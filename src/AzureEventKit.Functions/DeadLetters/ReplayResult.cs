namespace AzureEventKit.Functions.DeadLetters;

/// <summary>The outcome of a replay request.</summary>
public sealed record ReplayResult(int StatusCode, string Detail, DeadLetterReplayed? Replay)
{
    public static ReplayResult Replayed(DeadLetterReplayed replay) => new(202, "Replayed.", replay);

    public static ReplayResult NotFound(string detail) => new(404, detail, null);

    public static ReplayResult Conflict(string detail) => new(409, detail, null);
}

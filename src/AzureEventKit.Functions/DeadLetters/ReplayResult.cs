using AzureEventKit.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace AzureEventKit.Functions.DeadLetters;

/// <summary>The outcome of a replay request.</summary>
public sealed record ReplayResult(int StatusCode, string Detail, DeadLetterReplayed? Replay)
{
    public static ReplayResult Replayed(DeadLetterReplayed replay) => new(202, "Replayed.", replay);

    public static ReplayResult NotFound(string detail) => new(404, detail, null);

    public static ReplayResult Conflict(string detail) => new(409, detail, null);

    /// <summary>202 with the replayed message's ids, or the problem that explains why nothing was sent.</summary>
    public IActionResult ToActionResult() => StatusCode switch
    {
        StatusCodes.Status404NotFound => ProblemResult.NotFound(Detail),
        StatusCodes.Status409Conflict => ProblemResult.Conflict(Detail),
        _ => new JsonBodyResult<DeadLetterReplayed>(StatusCodes.Status202Accepted, Replay!, DeadLettersJsonContext.Default.DeadLetterReplayed),
    };
}

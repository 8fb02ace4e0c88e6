using AzureEventKit.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace AzureEventKit.Functions.DeadLetters;

/// <summary>Operator endpoints, behind a function key: list dead letters, replay one.</summary>
public sealed class DeadLetterApi(DeadLetterReplayer replayer, RequestBodyReader bodies)
{
    [Function("ListDeadLetters")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "dead-letters")] HttpRequest request,
        CancellationToken cancellationToken) =>
        new JsonBodyResult<IReadOnlyList<DeadLetterView>>(StatusCodes.Status200OK, await replayer.ListAsync(cancellationToken), DeadLettersJsonContext.Default.IReadOnlyListDeadLetterView);

    /// <remarks>An optional request body replaces the message body: the operator's fix for a malformed message.</remarks>
    [Function("ReplayDeadLetter")]
    public async Task<IActionResult> Replay(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "dead-letters/{id}/replay")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        // Read whatever arrives, chunked or not, up to the limit: an ignored correction would replay the broken original.
        var (body, problem) = await bodies.ReadBytesAsync(request, "The corrected body", cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        // The cast matters: a bare null would convert through byte[] to an EMPTY, non-null memory and replay an empty body.
        var result = await replayer.ReplayAsync(id, body.IsEmpty ? (ReadOnlyMemory<byte>?)null : body, cancellationToken);
        return result.ToActionResult();
    }
}

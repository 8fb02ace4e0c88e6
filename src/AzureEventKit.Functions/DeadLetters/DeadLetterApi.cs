using AzureEventKit.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using AzureEventKit.Functions.Orders;

namespace AzureEventKit.Functions.DeadLetters;

/// <summary>Operator endpoints, behind a function key: list dead letters, replay one.</summary>
public sealed class DeadLetterApi(DeadLetterReplayer replayer, IOptions<OrdersOptions> options)
{
    [Function("ListDeadLetters")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "dead-letters")] HttpRequest request,
        CancellationToken cancellationToken) =>
        new JsonBodyResult<IReadOnlyList<DeadLetterView>>(StatusCodes.Status200OK, await replayer.ListAsync(cancellationToken), HttpJsonContext.Default.IReadOnlyListDeadLetterView);

    /// <remarks>An optional request body replaces the message body: the operator's fix for a malformed message.</remarks>
    [Function("ReplayDeadLetter")]
    public async Task<IActionResult> Replay(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "dead-letters/{id}/replay")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Read whatever arrives, chunked or not, up to the limit: an ignored correction would replay the broken original.
        var limit = options.Value.MaxRequestBodyBytes;
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return ProblemResult.BadRequest("body", $"The corrected body exceeds the limit of {limit} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        // The cast matters: "? byte[] : null" is typed byte[], and a null byte[] converts to an EMPTY, non-null memory,
        // which would replay an empty body instead of the original.
        ReadOnlyMemory<byte>? correctedBody = buffer.Length > 0 ? buffer.ToArray() : (ReadOnlyMemory<byte>?)null;
        var result = await replayer.ReplayAsync(id, correctedBody, cancellationToken);
        return result.StatusCode switch
        {
            StatusCodes.Status404NotFound => ProblemResult.NotFound(result.Detail),
            StatusCodes.Status409Conflict => ProblemResult.Conflict(result.Detail),
            _ => new JsonBodyResult<DeadLetterReplayed>(StatusCodes.Status202Accepted, result.Replay!, HttpJsonContext.Default.DeadLetterReplayed),
        };
    }
}

using System.Globalization;
using Azure;
using AzureEventKit.Functions.Http;
using AzureEventKit.Functions.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace AzureEventKit.Functions.DeadLetters;

/// <summary>
/// Operator endpoints: list dead letters (paged), replay one. Two locks: the function key (the host checks it) and a
/// signed-in caller holding the app role <see cref="CallerPrincipal.OperatorRole"/> (401 without a caller, 403 without
/// the role), so a leaked key alone replays nothing and customers never reach these routes.
/// </summary>
public sealed class DeadLetterApi(DeadLetterReplayer replayer, RequestBodyReader bodies)
{
    /// <remarks><c>?pageSize=</c> (1 to 1000, default 200); the next page is in the <c>Link</c> header (<c>rel="next"</c>).</remarks>
    [Function("ListDeadLetters")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "dead-letters")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (_, denied) = CallerAuthorization.RequireRole(request, CallerPrincipal.OperatorRole);
        if (denied is not null)
        {
            return denied;
        }

        var pageSize = DeadLetterReplayer.DefaultPageSize;
        if (request.Query.TryGetValue("pageSize", out var requested)
            && (!int.TryParse(requested, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > DeadLetterReplayer.MaxPageSize))
        {
            return ProblemResult.BadRequest("pageSize", $"pageSize must be a whole number from 1 to {DeadLetterReplayer.MaxPageSize}.");
        }

        try
        {
            var page = await replayer.ListAsync(pageSize, request.Query["continuationToken"].FirstOrDefault(), cancellationToken);
            return page.ToActionResult(pageSize);
        }
        catch (RequestFailedException exception) when (exception.Status == StatusCodes.Status400BadRequest)
        {
            return ProblemResult.BadRequest("continuationToken", "continuationToken is not one this list returned; start again without it.");
        }
    }

    /// <remarks>An optional request body replaces the message body: the operator's fix for a malformed message.</remarks>
    [Function("ReplayDeadLetter")]
    public async Task<IActionResult> Replay(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "dead-letters/{id}/replay")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (_, denied) = CallerAuthorization.RequireRole(request, CallerPrincipal.OperatorRole);
        if (denied is not null)
        {
            return denied;
        }

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

using System.Globalization;
using AzureEventKit.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace AzureEventKit.Functions.DeadLetters;

/// <summary>One page of the dead-letter list and, when more rows exist, the token that fetches the next page.</summary>
public sealed record DeadLetterPage(IReadOnlyList<DeadLetterView> Items, string? ContinuationToken)
{
    /// <summary>200 with the page as a JSON array and, when there is more, <c>Link: &lt;next&gt;; rel="next"</c>.</summary>
    public IActionResult ToActionResult(int pageSize) =>
        new JsonBodyResult<IReadOnlyList<DeadLetterView>>(StatusCodes.Status200OK, Items, DeadLettersJsonContext.Default.IReadOnlyListDeadLetterView)
        {
            Link = ContinuationToken is null
                ? null
                : string.Create(CultureInfo.InvariantCulture, $"</api/dead-letters?pageSize={pageSize}&continuationToken={Uri.EscapeDataString(ContinuationToken)}>; rel=\"next\""),
        };
}

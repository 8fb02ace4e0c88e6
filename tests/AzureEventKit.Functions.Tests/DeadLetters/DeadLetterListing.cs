using AzureEventKit.Functions.DeadLetters;

namespace AzureEventKit.Functions.Tests.DeadLetters;

/// <summary>Every row of the dead-letter list, page by page: the tests share one table that grows as they run.</summary>
internal static class DeadLetterListing
{
    public static async Task<IReadOnlyList<DeadLetterView>> ListAllAsync(this DeadLetterReplayer replayer, CancellationToken cancellationToken)
    {
        var views = new List<DeadLetterView>();
        string? token = null;
        do
        {
            var page = await replayer.ListAsync(DeadLetterReplayer.MaxPageSize, token, cancellationToken);
            views.AddRange(page.Items);
            token = page.ContinuationToken;
        }
        while (token is not null);
        return views;
    }
}

using Azure.Data.Tables;

namespace AzureEventKit.Local.Soak;

/// <summary>
/// Where every order stands, read in one query of the app's Orders table per second instead of one
/// <c>GET /api/orders/{id}</c> per order per second: with thousands of orders in flight, the soak's own polling would
/// otherwise be a large share of Azurite's work. The soak still asks the API, as the customer, once an order looks
/// finished here, and takes the API's answer as the order's outcome.
/// </summary>
internal sealed class SoakBoard(LocalStack stack)
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(1);
    private readonly TableClient orders = new TableServiceClient(stack.Azurite.ConnectionString).GetTableClient("Orders");
    private volatile IReadOnlyDictionary<string, string> statuses = new Dictionary<string, string>();

    /// <summary>The order's status as of the last refresh, or null when its summary row was not there yet.</summary>
    public string? StatusOf(string orderId) => statuses.GetValueOrDefault(orderId);

    /// <summary>Refreshes the board every second until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var next = new Dictionary<string, string>(StringComparer.Ordinal);
                await foreach (var row in orders.QueryAsync<TableEntity>("RowKey eq 'order'", select: ["PartitionKey", "Status"], cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    next[row.PartitionKey] = row.GetString("Status") ?? "Unknown";
                }

                statuses = next;
            }
            catch (Azure.RequestFailedException)
            {
                // Azurite restarting, or the table not created yet: keep the last board and read again.
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await Task.Delay(Refresh, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

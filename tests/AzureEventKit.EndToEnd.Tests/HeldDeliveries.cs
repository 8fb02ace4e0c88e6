using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace AzureEventKit.EndToEnd.Tests;

/// <summary>
/// TEST-ONLY SEAM: holds the notifier's first write of a recipient (its OrderPlaced delivery) until the invocation is
/// cancelled, so a host can be disposed while a Service Bus delivery is being processed. Later writes pass through.
/// </summary>
public sealed class HeldDeliveries
{
    private int held;

    /// <summary>Completes when a delivery is being held.</summary>
    public TaskCompletionSource Holding { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Replaces the app's TableServiceClient with one whose Notifications table holds the first recipient write.</summary>
    public static void Register(IServiceCollection services, HeldDeliveries hold, string tablesConnectionString) =>
        services.AddSingleton<TableServiceClient>(new HoldingTableServiceClient(tablesConnectionString, hold));

    private bool TakeTurn() => Interlocked.Exchange(ref held, 1) == 0;

    private sealed class HoldingTableServiceClient : TableServiceClient
    {
        private readonly string connection;
        private readonly HeldDeliveries hold;

        public HoldingTableServiceClient(string connectionString, HeldDeliveries hold)
            : base(connectionString)
        {
            connection = connectionString;
            this.hold = hold;
        }

        public override TableClient GetTableClient(string tableName) =>
            tableName == "Notifications" ? new HoldingTableClient(connection, tableName, hold) : base.GetTableClient(tableName);
    }

    private sealed class HoldingTableClient(string connectionString, string tableName, HeldDeliveries hold) : TableClient(connectionString, tableName)
    {
        public override async Task<Response> UpsertEntityAsync<T>(T entity, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
        {
            if (hold.TakeTurn())
            {
                hold.Holding.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return await base.UpsertEntityAsync(entity, mode, cancellationToken);
        }
    }
}

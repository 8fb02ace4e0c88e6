using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace AzureEventKit.EndToEnd.Tests;

/// <summary>
/// TEST-ONLY SEAM: a decorator registered after AddOrderWorkflow around a dependency of one subscriber, which throws a
/// transient exception the first <see cref="FailuresPerKey"/> times it sees a given key (opt-in per key, so other tests
/// are unaffected). The subscriber's function lets it escape, so the host abandons the message and Service Bus redelivers.
/// </summary>
public sealed class FlakyFailures
{
    public int FailuresPerKey { get; set; } = 2;

    /// <summary>Keys (order ids) that should fail transiently, with how often they were attempted.</summary>
    public ConcurrentDictionary<string, int> Attempts { get; } = new();

    public void FailTransiently(string key) => Attempts[key] = 0;

    /// <summary>True when this attempt should throw.</summary>
    public bool ShouldFail(string key)
    {
        if (!Attempts.ContainsKey(key))
        {
            return false;
        }

        var attempt = Attempts.AddOrUpdate(key, 1, static (_, n) => n + 1);
        return attempt <= FailuresPerKey;
    }

    /// <summary>
    /// Replaces the app's TableServiceClient (registered by AddOrderWorkflow through AddAzureClients) with one whose
    /// Notifications table fails the CustomerNotifier's transaction for armed order ids; everything else is unchanged.
    /// </summary>
    public static void Register(IServiceCollection services, FlakyFailures flaky, string tablesConnectionString)
    {
        services.AddSingleton(flaky);
        services.AddSingleton<TableServiceClient>(new FlakyTableServiceClient(tablesConnectionString, flaky));
    }

    private sealed class FlakyTableServiceClient : TableServiceClient
    {
        private readonly string connection;
        private readonly FlakyFailures flaky;

        public FlakyTableServiceClient(string connectionString, FlakyFailures flaky)
            : base(connectionString)
        {
            connection = connectionString;
            this.flaky = flaky;
        }

        public override TableClient GetTableClient(string tableName) =>
            tableName == "Notifications" ? new FlakyTableClient(connection, tableName, flaky) : base.GetTableClient(tableName);
    }

    private sealed class FlakyTableClient(string connectionString, string tableName, FlakyFailures flaky) : TableClient(connectionString, tableName)
    {
        public override Task<Response<IReadOnlyList<Response>>> SubmitTransactionAsync(IEnumerable<TableTransactionAction> transactionActions, CancellationToken cancellationToken = default)
        {
            var actions = transactionActions.ToList();
            var partition = actions.Select(a => a.Entity.PartitionKey).FirstOrDefault();
            if (partition is not null && flaky.ShouldFail(partition))
            {
                throw new RequestFailedException(503, "TEST-ONLY transient failure injected by FlakyFailures.");
            }

            return base.SubmitTransactionAsync(actions, cancellationToken);
        }
    }
}

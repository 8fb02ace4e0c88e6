using Azure.Data.Tables;

namespace AzureEventKit.Functions.Storage;

/// <summary>
/// Azure's entity-group transaction limits, enforced here because Azurite does not: one partition per
/// transaction and at most 100 operations. Breaking them works locally and fails in Azure.
/// </summary>
public static class TableTransactionRules
{
    public const int MaxOperations = 100;

    public static IReadOnlyList<TableTransactionAction> Checked(IReadOnlyList<TableTransactionAction> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (actions.Count is 0 or > MaxOperations)
        {
            throw new ArgumentException($"A table transaction needs 1 to {MaxOperations} operations; this one has {actions.Count}.", nameof(actions));
        }

        var partition = actions[0].Entity.PartitionKey;
        if (actions.Any(action => !string.Equals(action.Entity.PartitionKey, partition, StringComparison.Ordinal)))
        {
            throw new ArgumentException("A table transaction must stay within one partition; Azure rejects cross-partition batches.", nameof(actions));
        }

        return actions;
    }
}

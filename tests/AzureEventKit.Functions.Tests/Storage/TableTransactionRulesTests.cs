using Azure.Data.Tables;
using AzureEventKit.Functions.Storage;
using AzureEventKit.Functions.Tests.Infrastructure;

namespace AzureEventKit.Functions.Tests.Storage;

/// <summary>Azure's transaction limits, which Azurite does not enforce, are enforced by the app before sending.</summary>
public sealed class TableTransactionRulesTests(AzuriteFixture azurite)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Checked_CrossPartitionBatch_ThrowsAlthoughAzuriteWouldAcceptIt()
    {
        var actions = new List<TableTransactionAction> { Add(AzuriteFixture.NewOrderId(), "a"), Add(AzuriteFixture.NewOrderId(), "b") };

        var exception = Assert.Throws<ArgumentException>(() => TableTransactionRules.Checked(actions));

        Assert.Contains("one partition", exception.Message, StringComparison.Ordinal);
        await azurite.Orders.SubmitTransactionAsync(actions, Cancellation);
    }

    [Fact]
    public void Checked_101Operations_Throws()
    {
        var partition = AzuriteFixture.NewOrderId();
        var actions = Enumerable.Range(0, TableTransactionRules.MaxOperations + 1).Select(index => Add(partition, $"row-{index:D3}")).ToList();

        var exception = Assert.Throws<ArgumentException>(() => TableTransactionRules.Checked(actions));

        Assert.Contains("101", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Checked_NoOperations_Throws()
    {
        Assert.Throws<ArgumentException>(() => TableTransactionRules.Checked([]));
    }

    [Fact]
    public async Task Checked_100OperationsInOnePartition_PassesAndAzuriteCommitsThemAll()
    {
        var partition = AzuriteFixture.NewOrderId();
        var actions = Enumerable.Range(0, TableTransactionRules.MaxOperations).Select(index => Add(partition, $"row-{index:D3}")).ToList();

        await azurite.Orders.SubmitTransactionAsync(TableTransactionRules.Checked(actions), Cancellation);

        Assert.Equal(100, (await azurite.OrderPartitionAsync(partition, Cancellation)).Count);
    }

    private static TableTransactionAction Add(string partition, string rowKey) => new(TableTransactionActionType.Add, new TableEntity(partition, rowKey));
}

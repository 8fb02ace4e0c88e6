using Azure.Data.Tables;
using AzureEventKit.Functions.Messaging;
using AzureEventKit.Functions.Tests.Infrastructure;

namespace AzureEventKit.Functions.Tests.Messaging;

/// <summary>The idempotency ledger against Azurite: the claim and the effect are one transaction.</summary>
public sealed class ProcessedEventLedgerTests(AzuriteFixture azurite)
{
    private const string Consumer = "ledger-tests";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TryApplyOnceAsync_TwentyConcurrentCallersSameEvent_ExactlyOneAppliesOneEffectRow()
    {
        var partition = AzuriteFixture.NewOrderId();
        var eventId = Guid.NewGuid().ToString("N");
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var callers = Enumerable.Range(0, 20).Select(async caller =>
        {
            await start.Task;
            return await ProcessedEventLedger.TryApplyOnceAsync(azurite.Orders, partition, Consumer, eventId, DateTimeOffset.UtcNow, [Effect(partition, $"effect|{eventId}", caller)], Cancellation);
        }).ToList();

        start.SetResult();
        var outcomes = await Task.WhenAll(callers);

        Assert.Single(outcomes, applied => applied);
        var rows = await azurite.OrderPartitionAsync(partition, Cancellation);
        Assert.Single(rows, row => row.RowKey == $"effect|{eventId}");
        Assert.Single(rows, row => row.RowKey == ProcessedEventLedger.RowKey(Consumer, eventId));
        Assert.Equal(2, rows.Count);
        Assert.True(await ProcessedEventLedger.WasProcessedAsync(azurite.Orders, partition, Consumer, eventId, Cancellation));
    }

    [Fact]
    public async Task TryApplyOnceAsync_EffectFails_LedgerIsNotClaimed()
    {
        var partition = AzuriteFixture.NewOrderId();
        await azurite.Orders.AddEntityAsync(new TableEntity(partition, "effect|taken"), Cancellation);

        await Assert.ThrowsAsync<TableTransactionFailedException>(() =>
            ProcessedEventLedger.TryApplyOnceAsync(azurite.Orders, partition, Consumer, "event-1", DateTimeOffset.UtcNow, [Effect(partition, "effect|taken", 1)], Cancellation));

        Assert.False(await ProcessedEventLedger.WasProcessedAsync(azurite.Orders, partition, Consumer, "event-1", Cancellation));
    }

    [Fact]
    public async Task TryApplyOnceAsync_SameEventDifferentConsumers_EachAppliesOnce()
    {
        var partition = AzuriteFixture.NewOrderId();

        var first = await ProcessedEventLedger.TryApplyOnceAsync(azurite.Orders, partition, "consumer-a", "event-1", DateTimeOffset.UtcNow, [Effect(partition, "effect|a", 1)], Cancellation);
        var second = await ProcessedEventLedger.TryApplyOnceAsync(azurite.Orders, partition, "consumer-b", "event-1", DateTimeOffset.UtcNow, [Effect(partition, "effect|b", 1)], Cancellation);
        var repeat = await ProcessedEventLedger.TryApplyOnceAsync(azurite.Orders, partition, "consumer-a", "event-1", DateTimeOffset.UtcNow, [Effect(partition, "effect|a2", 1)], Cancellation);

        Assert.True(first);
        Assert.True(second);
        Assert.False(repeat);
        Assert.DoesNotContain(await azurite.OrderPartitionAsync(partition, Cancellation), row => row.RowKey == "effect|a2");
    }

    [Fact]
    public async Task TryApplyOnceAsync_EffectInAnotherPartition_IsRefusedBeforeAzuriteCanAcceptIt()
    {
        var partition = AzuriteFixture.NewOrderId();
        var elsewhere = AzuriteFixture.NewOrderId();

        await Assert.ThrowsAsync<ArgumentException>(() =>
            ProcessedEventLedger.TryApplyOnceAsync(azurite.Orders, partition, Consumer, "event-1", DateTimeOffset.UtcNow, [Effect(elsewhere, "effect|x", 1)], Cancellation));

        Assert.Empty(await azurite.OrderPartitionAsync(partition, Cancellation));
        Assert.Empty(await azurite.OrderPartitionAsync(elsewhere, Cancellation));
    }

    private static TableTransactionAction Effect(string partition, string rowKey, int caller) =>
        new(TableTransactionActionType.Add, new TableEntity(partition, rowKey) { ["Caller"] = caller });
}

using System.Text.Json;
using Azure.Data.Tables;
using AzureEventKit.Functions.DeadLetters;
using AzureEventKit.Functions.Messaging;
using AzureEventKit.Functions.Observability;
using AzureEventKit.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AzureEventKit.Functions.Tests.Messaging;

/// <summary>The wait before abandoning a transient failure: its curve, the deployed settings, and that nobody spins.</summary>
public sealed class TransientBackoffTests(AzuriteFixture azurite) : IAsyncDisposable
{
    private static readonly TimeSpan Outage = TimeSpan.FromMinutes(2);
    private readonly ServiceProvider services = AppServices.Build(azurite, new RecordingPublisher());

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => services.DisposeAsync();

    [Fact]
    public void DelayFor_GrowingDeliveryCount_DoublesFromFirstDelayUpToMaxDelay()
    {
        var backoff = new TransientBackoff(Options.Create(new TransientBackoffOptions()), TimeProvider.System);

        Assert.Equal(
            [2, 4, 8, 16, 32, 45, 45],
            Enumerable.Range(1, 7).Select(delivery => backoff.DelayFor(delivery).TotalSeconds));
    }

    [Fact]
    public void DeployedSettings_TwoMinuteOutage_EverySubscriptionStillHasADeliveryAfterIt()
    {
        var backoff = new TransientBackoff(Options.Create(new TransientBackoffOptions()), TimeProvider.System);

        foreach (var (name, maxDeliveryCount, lockDuration) in DeployedSubscriptions())
        {
            // A message first fails when the outage starts; its last delivery comes after the waits before the earlier abandons.
            var lastDeliveryAt = Enumerable.Range(1, maxDeliveryCount - 1).Aggregate(TimeSpan.Zero, (sum, delivery) => sum + backoff.DelayFor(delivery));
            Assert.True(lastDeliveryAt > Outage, $"{name}: the last of {maxDeliveryCount} deliveries comes {lastDeliveryAt} after the first, inside a {Outage} outage.");
            Assert.True(backoff.DelayFor(maxDeliveryCount) < lockDuration, $"{name}: the longest wait must fit the {lockDuration} lock.");
        }
    }

    [Fact]
    public async Task ProcessAsync_TransientFailure_WaitsItsBackoffBeforeAbandoning()
    {
        var clock = new TimerWatch();
        var backoff = new TransientBackoff(Options.Create(new TransientBackoffOptions()), clock);
        var settlement = new MessageSettlement(NullLogger<MessageSettlement>.Instance, services.GetRequiredService<OrderWorkflowTelemetry>(), backoff);
        var actions = new RecordingMessageActions();
        var message = ReceivedMessages.Of(SampleEvents.Placed(AzuriteFixture.NewOrderId()), deliveryCount: 3);

        var processing = settlement.ProcessAsync("projections", message, actions, (_, _) => throw new TimeoutException("storage down"), Cancellation);
        var waited = await clock.FirstTimer.WaitAsync(TimeSpan.FromSeconds(10), Cancellation);

        Assert.Empty(actions.Settlements);
        Assert.InRange(waited, backoff.DelayFor(3), backoff.DelayFor(3) * 1.2);
        clock.Fake.Advance(backoff.DelayFor(3) * 1.2);
        await Assert.ThrowsAsync<TimeoutException>(() => processing);
        Assert.Equal(SettlementKind.Abandon, actions.Only.Kind);
    }

    [Fact]
    public async Task RecordAndCompleteAsync_TableUnreachable_WaitsBeforeAbandoningInsteadOfSpinning()
    {
        var clock = new TimerWatch();
        var backoff = new TransientBackoff(Options.Create(new TransientBackoffOptions()), clock);
        var unreachable = new TableServiceClient(
            new Uri("http://127.0.0.1:1/devstoreaccount1"),
            new TableSharedKeyCredential("devstoreaccount1", Convert.ToBase64String(new byte[64])),
            new TableClientOptions { Retry = { MaxRetries = 0 } });
        var recorder = new DeadLetterRecorder(unreachable, clock, backoff, NullLogger<DeadLetterRecorder>.Instance);
        var actions = new RecordingMessageActions();
        var message = Azure.Messaging.ServiceBus.ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: BinaryData.FromString("dead"), messageId: "dl-1", deliveryCount: 7, sequenceNumber: ReceivedMessages.NextSequenceNumber());

        var recording = recorder.RecordAndCompleteAsync(OrderTopic.FulfillmentSubscription, message, actions, Cancellation);
        await clock.FirstTimer.WaitAsync(TimeSpan.FromSeconds(10), Cancellation);

        Assert.Empty(actions.Settlements);
        clock.Fake.Advance(new TransientBackoffOptions().MaxDelay);
        await Assert.ThrowsAnyAsync<Exception>(() => recording);
        Assert.Equal(SettlementKind.Abandon, actions.Only.Kind);
    }

    private static List<(string Name, int MaxDeliveryCount, TimeSpan LockDuration)> DeployedSubscriptions()
    {
        using var topology = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "servicebus.topology.json")));
        var found = new List<(string Name, int MaxDeliveryCount, TimeSpan LockDuration)>();
        foreach (var topic in topology.RootElement.GetProperty("UserConfig").GetProperty("Namespaces")[0].GetProperty("Topics").EnumerateArray())
        {
            foreach (var subscription in topic.GetProperty("Subscriptions").EnumerateArray())
            {
                var properties = subscription.GetProperty("Properties");
                found.Add((
                    subscription.GetProperty("Name").GetString()!,
                    properties.GetProperty("MaxDeliveryCount").GetInt32(),
                    System.Xml.XmlConvert.ToTimeSpan(properties.GetProperty("LockDuration").GetString()!)));
            }
        }

        Assert.NotEmpty(found);
        return found;
    }
}

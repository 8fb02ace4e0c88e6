using System.Collections.Concurrent;
using AzureEventKit.Contracts;
using AzureEventKit.Functions.Fulfillment;
using AzureEventKit.Functions.Fulfillment.Steps;
using AzureEventKit.Functions.Inventory;
using AzureEventKit.Functions.Messaging;
using AzureEventKit.Functions.Payments;
using AzureEventKit.Functions.Shipping;
using AzureEventKit.Functions.Tests.Infrastructure;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AzureEventKit.Functions.Tests.Fulfillment;

/// <summary>
/// The app's REAL orchestrator and activity functions on the Durable in-process test host, over real Azurite tables.
/// Services come from the app's own <c>AddInventory</c>, <c>AddPayments</c>, <c>AddShipping</c> and <c>AddFulfillment</c>; only the publisher (recording) and, per test, the payment
/// gateway are replaced. Each wrapper declares the activity's real input type and creates the function class the way
/// the Functions worker does (constructor injection), then records the call in <see cref="Journal"/>.
/// </summary>
internal sealed class FulfillmentTestHost : IAsyncDisposable
{
    private readonly DurableTaskTestHost durable;
    private readonly ServiceProvider services;
    private readonly ConcurrentQueue<string> journal;

    private FulfillmentTestHost(DurableTaskTestHost durable, ServiceProvider services, ConcurrentQueue<string> journal, RecordingPublisher publisher)
    {
        this.durable = durable;
        this.services = services;
        this.journal = journal;
        Publisher = publisher;
    }

    public DurableTaskClient Client => durable.Client;

    public RecordingPublisher Publisher { get; }

    public IServiceProvider Services => services;

    /// <summary>Activity invocations in the order they started, retries included.</summary>
    public IReadOnlyList<string> Journal => [.. journal];

    public static async Task<FulfillmentTestHost> StartAsync(
        AzuriteFixture azurite,
        TimeSpan paymentConfirmationTimeout,
        Action<IServiceCollection>? overrideServices = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Fulfillment:PaymentConfirmationTimeout"] = paymentConfirmationTimeout.ToString("c"),
            ["Fulfillment:ActivityRetry:MaxAttempts"] = "3",
            ["Fulfillment:ActivityRetry:FirstRetryInterval"] = "00:00:00.100",
            ["Fulfillment:ActivityRetry:BackoffCoefficient"] = "2",
            ["Fulfillment:ActivityRetry:MaxRetryInterval"] = "00:00:00.500",
        }).Build();

        var publisher = new RecordingPublisher();
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddMetrics();
        collection.AddSingleton(azurite.TableService);
        collection.AddSingleton<IEventPublisher>(publisher);
        collection.AddInventory(configuration).AddPayments().AddShipping().AddFulfillment(configuration);
        overrideServices?.Invoke(collection);
        var provider = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var journal = new ConcurrentQueue<string>();
        var durable = await QuietDurableTestHost.StartAsync(
            registry =>
            {
                registry.AddOrchestratorFunc<OrderPlaced, FulfillmentOutcome>(
                    FulfillmentProtocol.OrchestrationName, (context, _) => OrderFulfillmentOrchestrator.RunAsync(context));

                AddActivity<string, FulfillmentPolicy>(registry, nameof(GetFulfillmentPolicy), input => Task.FromResult(Create<GetFulfillmentPolicy>().Run(input)));
                AddActivity<OrderPlaced, InventoryReservationOutcome>(registry, nameof(ReserveInventory), input => Create<ReserveInventory>().RunAsync(input, CancellationToken.None));
                AddActivity<string, bool>(registry, nameof(ReleaseInventory), input => Create<ReleaseInventory>().RunAsync(input, CancellationToken.None));
                AddActivity<OrderPlaced, PaymentAuthorizationOutcome>(registry, nameof(AuthorizePayment), input => Create<AuthorizePayment>().RunAsync(input, CancellationToken.None));
                AddActivity<string, bool>(registry, nameof(VoidPayment), input => Create<VoidPayment>().RunAsync(input, CancellationToken.None));
                AddActivity<OrderPlaced, Shipment>(registry, nameof(CreateShipment), input => Create<CreateShipment>().RunAsync(input, CancellationToken.None));
                AddActivity<string, PaymentCapture>(registry, nameof(CapturePayment), input => Create<CapturePayment>().RunAsync(input, CancellationToken.None));
                AddActivity<Shipment, bool>(registry, nameof(AnnounceShipment), async input =>
                {
                    await Create<AnnounceShipment>().RunAsync(input, CancellationToken.None);
                    return true;
                });
                AddActivity<OrderNeedsAttention, bool>(registry, nameof(FlagNeedsAttention), input =>
                {
                    Create<FlagNeedsAttention>().Run(input);
                    return Task.FromResult(true);
                });
                AddActivity<OrderNeedsAttention, bool>(registry, nameof(PublishOrderNeedsAttention), async input =>
                {
                    await Create<PublishOrderNeedsAttention>().RunAsync(input, CancellationToken.None);
                    return true;
                });
                AddActivity<OrderCompleted, bool>(registry, nameof(PublishOrderCompleted), async input =>
                {
                    await Create<PublishOrderCompleted>().RunAsync(input, CancellationToken.None);
                    return true;
                });
                AddActivity<OrderFailed, bool>(registry, nameof(PublishOrderFailed), async input =>
                {
                    await Create<PublishOrderFailed>().RunAsync(input, CancellationToken.None);
                    return true;
                });
            });

        return new FulfillmentTestHost(durable, provider, journal, publisher);

        T Create<T>() => ActivatorUtilities.CreateInstance<T>(provider);

        void AddActivity<TInput, TOutput>(DurableTaskRegistry registry, string name, Func<TInput, Task<TOutput>> run) =>
            registry.AddActivityFunc<TInput, TOutput>(name, (_, input) =>
            {
                journal.Enqueue(name);
                return run(input);
            });
    }

    /// <summary>Starts the saga the way the starter does: instance id = order id.</summary>
    public Task<string> StartAsync(OrderPlaced order) =>
        Client.ScheduleNewOrchestrationInstanceAsync(FulfillmentProtocol.OrchestrationName, order, new StartOrchestrationOptions(order.OrderId));

    /// <summary>Polls until the instance reports <paramref name="status"/>; fails fast if it ends first or takes over 15 s.</summary>
    public async Task WaitForCustomStatusAsync(string instanceId, string status, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        while (true)
        {
            // getInputsAndOutputs must be true: with false, the custom status is not returned either.
            var instance = await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
            if (instance?.SerializedCustomStatus is not null && instance.ReadCustomStatusAs<string>() == status)
            {
                return;
            }

            if (instance is { IsCompleted: true })
            {
                throw new InvalidOperationException(
                    $"Instance {instanceId} ended as {instance.RuntimeStatus} before reporting '{status}': {instance.FailureDetails?.ErrorMessage ?? instance.SerializedOutput}");
            }

            await Task.Delay(20, timeout.Token);
        }
    }

    /// <summary>Polls until an event of type <typeparamref name="TEvent"/> was published for <paramref name="orderId"/> (15 s at most).</summary>
    public async Task WaitForPublishedAsync<TEvent>(string orderId, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        while (!Publisher.EventsFor(orderId).OfType<TEvent>().Any())
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    /// <summary>Polls until <paramref name="activity"/> has started at least <paramref name="count"/> times (15 s at most).</summary>
    public async Task WaitForJournalAsync(string activity, int count, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        while (journal.Count(name => name == activity) < count)
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    public async Task<OrchestrationMetadata> WaitForCompletionAsync(string instanceId, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await durable.DisposeAsync();
        await services.DisposeAsync();
    }
}

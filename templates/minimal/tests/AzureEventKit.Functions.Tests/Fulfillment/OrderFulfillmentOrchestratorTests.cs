using AzureEventKit.Contracts;
using AzureEventKit.Functions.Fulfillment;
using AzureEventKit.Functions.Orders;
using AzureEventKit.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AzureEventKit.Functions.Tests.Fulfillment;

/// <summary>
/// The app's REAL orchestrator and its activity on the Durable in-process test host, over Azurite, with services from
/// the app's own composition (<c>AddOrderWorkflow</c>); only the Service Bus publisher records instead of sending.
/// </summary>
public sealed class OrderFulfillmentOrchestratorTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string ValidBody = """{"customerId":"customer-1","customerEmail":"ada@example.com","currency":"EUR","items":[{"sku":"sku-beans","quantity":2}]}""";

    private readonly RecordingPublisher publisher = new();
    private ServiceProvider services = null!;
    private DurableTaskTestHost durable = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        services = AppServices.Build(azurite, publisher);
        durable = await QuietDurableTestHost.StartAsync(
            registry =>
            {
                registry.AddOrchestratorFunc<OrderPlaced, string>(FulfillmentProtocol.OrchestrationName, (context, _) => OrderFulfillmentOrchestrator.RunAsync(context));
                registry.AddActivityFunc<string, string>(nameof(CompleteOrder), (_, orderId) => services.Create<CompleteOrder>().RunAsync(orderId, CancellationToken.None));
            });
    }

    public async ValueTask DisposeAsync()
    {
        await durable.DisposeAsync();
        await services.DisposeAsync();
    }

    [Fact]
    public async Task RunAsync_PlacedOrder_CompletesTheOrderAndGetOrderShowsCompleted()
    {
        var placed = await PlaceAsync();

        var instanceId = await durable.Client.ScheduleNewOrchestrationInstanceAsync(
            FulfillmentProtocol.OrchestrationName, placed, new StartOrchestrationOptions(placed.OrderId), Cancellation);
        var instance = await WaitForCompletionAsync(instanceId);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        Assert.Equal(nameof(OrderStatus.Completed), instance.ReadOutputAs<string>());
        var request = HttpExchange.Request("GET", $"/api/orders/{placed.OrderId}");
        var view = await HttpExchange.ExecuteAsync(await services.Create<GetOrder>().Run(request, placed.OrderId, Cancellation), request);
        Assert.Equal(StatusCodes.Status200OK, view.Status);
        Assert.Equal(nameof(OrderStatus.Completed), view.Json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task RunAsync_NoInput_FailsTheInstanceAndNamesTheMissingInput()
    {
        var instanceId = await durable.Client.ScheduleNewOrchestrationInstanceAsync(FulfillmentProtocol.OrchestrationName, input: null, Cancellation);
        var instance = await WaitForCompletionAsync(instanceId);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, instance.RuntimeStatus);
        Assert.Contains("needs an OrderPlaced input", instance.FailureDetails?.ErrorMessage, StringComparison.Ordinal);
    }

    private async Task<OrderPlaced> PlaceAsync()
    {
        var request = HttpExchange.Request("POST", "/api/orders", ValidBody);
        var response = await HttpExchange.ExecuteAsync(await services.Create<PlaceOrder>().Run(request, Cancellation), request);
        Assert.Equal(StatusCodes.Status202Accepted, response.Status);
        return Assert.IsType<OrderPlaced>(Assert.Single(publisher.Published).Event);
    }

    private async Task<OrchestrationMetadata> WaitForCompletionAsync(string instanceId)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        return await durable.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
    }
}

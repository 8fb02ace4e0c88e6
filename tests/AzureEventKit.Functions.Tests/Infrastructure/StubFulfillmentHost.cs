using AzureEventKit.Contracts;
using AzureEventKit.Functions.Fulfillment;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;

namespace AzureEventKit.Functions.Tests.Infrastructure;

/// <summary>
/// A real in-process Durable Task backend whose only orchestration is a STAND-IN registered under the saga's name:
/// it reports <see cref="FulfillmentProtocol.AwaitingPaymentStatus"/>, waits for PaymentConfirmed (raised by the payment webhook) and returns its
/// payment id. It follows the saga's public protocol only; the real saga has its own tests under Fulfillment/.
/// </summary>
public sealed class StubFulfillmentHost : IAsyncLifetime
{
    private DurableTaskTestHost? host;

    public DurableTaskClient Client => host?.Client ?? throw new InvalidOperationException("The host has not started.");

    public async ValueTask InitializeAsync()
    {
        host = await QuietDurableTestHost.StartAsync(
            tasks => tasks.AddOrchestratorFunc<OrderPlaced, string>(FulfillmentProtocol.OrchestrationName, async (context, order) =>
            {
#if (!minimal)
                context.SetCustomStatus(FulfillmentProtocol.AwaitingPaymentStatus);
                var confirmed = await context.WaitForExternalEvent<PaymentConfirmed>(FulfillmentProtocol.PaymentConfirmedEvent);
                return confirmed.PaymentId;
#else
                // Stays running, so a test can observe the instance the starter created.
                return await context.WaitForExternalEvent<string>("Release");
#endif
            }));
    }

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }

#if (!minimal)
    /// <summary>Waits (bounded) until the instance reports it is waiting for the payment confirmation.</summary>
    public async Task WaitUntilAwaitingPaymentAsync(string instanceId, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        OrchestrationMetadata? instance = null;
        while (true)
        {
            try
            {
                instance = await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Instance {instanceId} never awaited payment: {instance?.RuntimeStatus} {instance?.SerializedCustomStatus} {instance?.FailureDetails?.ErrorMessage}");
            }

            if (instance is { RuntimeStatus: OrchestrationRuntimeStatus.Running, SerializedCustomStatus: not null }
                && instance.ReadCustomStatusAs<string>() == FulfillmentProtocol.AwaitingPaymentStatus)
            {
                return;
            }

            try
            {
                await Task.Delay(25, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Instance {instanceId} never awaited payment: {instance?.RuntimeStatus} {instance?.SerializedCustomStatus} {instance?.FailureDetails?.ErrorMessage}");
            }
        }
    }
#endif
}

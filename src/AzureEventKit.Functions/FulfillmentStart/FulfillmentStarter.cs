using AzureEventKit.Contracts;
using AzureEventKit.Functions.Fulfillment;
using AzureEventKit.Functions.Messaging;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace AzureEventKit.Functions.FulfillmentStart;

/// <summary>
/// Starts the fulfillment saga for an OrderPlaced event. The instance id is the order id, so a duplicate delivery
/// finds the existing instance and starts nothing new: the natural key is the idempotency.
/// </summary>
public sealed class FulfillmentStarter(ILogger<FulfillmentStarter> logger)
{
    public async Task StartAsync(ReceivedOrderEvent received, DurableTaskClient durable, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(received);
        ArgumentNullException.ThrowIfNull(durable);
        if (received.Data is not OrderPlaced order)
        {
            throw new PermanentMessageException(DeadLetterReason.ValidationFailed, $"The fulfillment subscription only takes {OrderPlaced.EventType}, not {received.EventType}.");
        }

        if (order.Lines.Count == 0 || order.Lines.Any(line => line.Quantity <= 0))
        {
            throw new PermanentMessageException(DeadLetterReason.ValidationFailed, $"Order {order.OrderId} has no lines or a non-positive quantity.");
        }

        if (await durable.GetInstanceAsync(order.OrderId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is not null)
        {
            Logs.FulfillmentAlreadyStarted(logger, order.OrderId);
            return;
        }

        try
        {
            await durable.ScheduleNewOrchestrationInstanceAsync(
                FulfillmentProtocol.OrchestrationName,
                order,
                new StartOrchestrationOptions(InstanceId: order.OrderId),
                cancellationToken).ConfigureAwait(false);
            Logs.FulfillmentStarted(logger, order.OrderId);
        }
        catch (Exception exception) when (IsAlreadyExists(exception))
        {
            // Two deliveries raced past the check above; the other one started it.
            Logs.FulfillmentAlreadyStarted(logger, order.OrderId);
        }
    }

    // The Functions host's Durable extension answers a start for an instance id that is still running with gRPC status
    // AlreadyExists. Only that status means "the other delivery started it"; any other failure must be retried.
    private static bool IsAlreadyExists(Exception exception) =>
        exception is Grpc.Core.RpcException { StatusCode: Grpc.Core.StatusCode.AlreadyExists };
}

using AzureEventKit.Contracts;
using AzureEventKit.Functions.Inventory;
using AzureEventKit.Functions.Fulfillment.Steps;
using AzureEventKit.Functions.Payments;
using AzureEventKit.Functions.Shipping;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace AzureEventKit.Functions.Fulfillment;

/// <summary>
/// The order fulfillment saga: reserve stock → authorize payment → wait for the provider's verdict (or time out)
/// → book the shipment (the pivot) → capture the payment → announce the shipment → publish OrderCompleted. Before the
/// pivot, a step that declines, times out or exhausts its retries makes the saga compensate in reverse (void the
/// payment, then release the stock) and publish OrderFailed. After it, nothing is undone: a step that keeps failing
/// puts the order in NeedsAttention until an operator resumes it.
/// </summary>
/// <remarks>
/// This body is replayed from history many times, so it only decides; every effect, publish and metric lives in an
/// activity. The instance id is the order id, chosen by the starter, so a duplicate OrderPlaced starts nothing new.
/// </remarks>
public static class OrderFulfillmentOrchestrator
{
    /// <summary>How many verdicts about another payment the saga ignores before it waits for its timer alone.</summary>
    private const int MaxIgnoredVerdicts = 10;

    /// <summary>How often an order may need attention and be resumed before the instance gives up and ends Failed.</summary>
    public const int MaxAttentionRounds = 10;

    [Function(FulfillmentProtocol.OrchestrationName)]
    public static async Task<FulfillmentOutcome> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var order = context.GetInput<OrderPlaced>()
            ?? throw new InvalidOperationException($"The {FulfillmentProtocol.OrchestrationName} orchestration needs an OrderPlaced input.");
        var logger = context.CreateReplaySafeLogger(typeof(OrderFulfillmentOrchestrator));
        FulfillmentLogs.SagaStarted(logger, order.OrderId);

        var policy = await context.CallActivityAsync<FulfillmentPolicy>(nameof(GetFulfillmentPolicy), order.OrderId);
        var activityOptions = policy.ToActivityOptions();
        var compensations = new Stack<string>();
        SagaProgress progress;
        try
        {
            progress = await RunForwardStepsAsync(context, order, policy, activityOptions, compensations, logger);
        }
        catch (TaskFailedException failed)
        {
            progress = SagaProgress.Failed(
                OrderFailureReason.RetriesExhausted,
                $"{failed.TaskName} kept failing after {policy.MaxAttempts} attempts: {failed.FailureDetails.ErrorMessage}");
        }

        if (progress.Failure is { } failure)
        {
            return await CompensateAndFailAsync(context, order.OrderId, failure.Reason, failure.Detail, compensations, activityOptions, logger);
        }

        return await FinishPastPivotAsync(context, order, progress.PaymentId!, progress.Shipment!, activityOptions, logger);
    }

    private static async Task<SagaProgress> RunForwardStepsAsync(
        TaskOrchestrationContext context,
        OrderPlaced order,
        FulfillmentPolicy policy,
        TaskOptions activityOptions,
        Stack<string> compensations,
        ILogger logger)
    {
        // Each compensation goes on the stack BEFORE its step: a step's effect can commit and its publish still exhaust
        // the retries, and then only the stack knows there is something to undo. Compensations do nothing when nothing
        // was done; a step that declines cleanly took nothing and takes its compensation back off.
        compensations.Push(nameof(ReleaseInventory));
        var reservation = await context.CallActivityAsync<InventoryReservationOutcome>(nameof(ReserveInventory), order, activityOptions);
        if (!reservation.IsReserved)
        {
            compensations.Pop();
            return SagaProgress.Failed(OrderFailureReason.OutOfStock, $"Not enough stock for: {string.Join(", ", reservation.ShortSkus)}.");
        }

        compensations.Push(nameof(VoidPayment));
        var payment = await context.CallActivityAsync<PaymentAuthorizationOutcome>(nameof(AuthorizePayment), order, activityOptions);
        if (!payment.IsAuthorized || payment.PaymentId is null)
        {
            compensations.Pop();
            return SagaProgress.Failed(OrderFailureReason.PaymentDeclined, payment.DeclineReason ?? "The payment provider declined the authorization.");
        }

        FulfillmentLogs.AwaitingPayment(logger, order.OrderId, policy.PaymentConfirmationTimeout);
        context.SetCustomStatus(FulfillmentProtocol.AwaitingPaymentStatus);
        var confirmation = await WaitForPaymentConfirmationAsync(context, order.OrderId, payment.PaymentId, policy.PaymentConfirmationTimeout, logger);
        context.SetCustomStatus(null);
        if (confirmation is null)
        {
            return SagaProgress.Failed(
                OrderFailureReason.PaymentTimeout,
                $"The payment provider did not confirm payment {payment.PaymentId} within {policy.PaymentConfirmationTimeout:c}.");
        }

        // The verdict is in the payload: its arrival alone proves nothing.
        if (!confirmation.Approved)
        {
            return SagaProgress.Failed(
                OrderFailureReason.PaymentDeclined,
                $"The payment provider declined payment {payment.PaymentId}: {confirmation.DeclineReason ?? "no reason given"}.");
        }

        var shipment = await context.CallActivityAsync<Shipment>(nameof(CreateShipment), order, activityOptions);
        return SagaProgress.Succeeded(payment.PaymentId, shipment);
    }

    /// <summary>
    /// Past the pivot the parcel is booked, so nothing is voided or released. Capture, the announcement and OrderCompleted
    /// each retry on their own (all idempotent); when one exhausts its retries the order needs attention: counted, logged,
    /// announced, and the saga waits for an operator's Resume, then runs the remaining steps again.
    /// </summary>
    private static async Task<FulfillmentOutcome> FinishPastPivotAsync(
        TaskOrchestrationContext context,
        OrderPlaced order,
        string paymentId,
        Shipment shipment,
        TaskOptions activityOptions,
        ILogger logger)
    {
        for (var round = 1; round <= MaxAttentionRounds; round++)
        {
            string step;
            try
            {
                await context.CallActivityAsync<PaymentCapture>(nameof(CapturePayment), order.OrderId, activityOptions);
                await context.CallActivityAsync(nameof(AnnounceShipment), shipment, activityOptions);
                await context.CallActivityAsync(
                    nameof(PublishOrderCompleted), new OrderCompleted(order.OrderId, paymentId, shipment.ShipmentId, context.CurrentUtcDateTime), activityOptions);
                FulfillmentLogs.SagaCompleted(logger, order.OrderId);
                return FulfillmentOutcome.Completed(order.OrderId);
            }
            catch (TaskFailedException failed)
            {
                step = failed.TaskName;
                FulfillmentLogs.StepFailedPastPivot(logger, order.OrderId, step, failed.FailureDetails.ErrorMessage);
            }

            // The status first: it is saved with the next activity call, so by the time the read model shows
            // NeedsAttention (published below) the instance already accepts an operator's Resume.
            context.SetCustomStatus(FulfillmentProtocol.NeedsAttentionStatus);
            var attention = new OrderNeedsAttention(order.OrderId, step, context.CurrentUtcDateTime);
            await context.CallActivityAsync(nameof(FlagNeedsAttention), attention, activityOptions);
            try
            {
                await context.CallActivityAsync(nameof(PublishOrderNeedsAttention), attention, activityOptions);
            }
            catch (TaskFailedException failed)
            {
                // The bus may be what is down: the custom status, the metric and the log above still show the order.
                FulfillmentLogs.StepFailedPastPivot(logger, order.OrderId, nameof(PublishOrderNeedsAttention), failed.FailureDetails.ErrorMessage);
            }

            await context.WaitForExternalEvent<string?>(FulfillmentProtocol.ResumeEvent);
            context.SetCustomStatus(null);
            FulfillmentLogs.Resumed(logger, order.OrderId);
        }

        // Bounded, so one order's history cannot grow without end: the instance ends Failed and the failed-orchestration
        // alert takes over. The parcel is still booked; the runbook says how to finish such an order by hand.
        throw new InvalidOperationException(
            $"Order '{order.OrderId}' was resumed {MaxAttentionRounds} times and still cannot finish after its shipment was booked; finish it by hand.");
    }

    /// <summary>
    /// Races the provider's verdict on <paramref name="paymentId"/> against one durable timer, and returns the verdict, or
    /// null when the timer wins. A verdict about another payment is logged and ignored (the webhook refuses those already;
    /// this keeps the saga right whoever raises the event). The loser is cancelled so the instance can finish.
    /// </summary>
    private static async Task<PaymentConfirmed?> WaitForPaymentConfirmationAsync(
        TaskOrchestrationContext context, string orderId, string paymentId, TimeSpan timeout, ILogger logger)
    {
        using var timerCancellation = new CancellationTokenSource();
        var deadline = context.CreateTimer(context.CurrentUtcDateTime.Add(timeout), timerCancellation.Token);
        try
        {
            // Bounded, so that a flood of stray events cannot grow the history without limit: after that many, only the timer counts.
            for (var ignored = 0; ignored < MaxIgnoredVerdicts; ignored++)
            {
                var next = context.WaitForExternalEvent<PaymentConfirmed>(FulfillmentProtocol.PaymentConfirmedEvent, timerCancellation.Token);
                if (await Task.WhenAny(next, deadline) != next)
                {
                    return null;
                }

                var confirmation = await next;
                if (string.Equals(confirmation.PaymentId, paymentId, StringComparison.Ordinal))
                {
                    return confirmation;
                }

                FulfillmentLogs.PaymentConfirmationIgnored(logger, orderId, confirmation.PaymentId, paymentId);
            }

            await deadline;
            return null;
        }
        finally
        {
#pragma warning disable CA1849 // CancelAsync would run the timer's cancellation callback off the orchestrator thread; replay needs it inline.
            timerCancellation.Cancel();
#pragma warning restore CA1849
        }
    }

    private static async Task<FulfillmentOutcome> CompensateAndFailAsync(
        TaskOrchestrationContext context,
        string orderId,
        OrderFailureReason reason,
        string detail,
        Stack<string> compensations,
        TaskOptions activityOptions,
        ILogger logger)
    {
        FulfillmentLogs.SagaFailed(logger, orderId, reason, detail);
        var failedCompensations = new List<string>();
        while (compensations.TryPop(out var compensation))
        {
            FulfillmentLogs.Compensating(logger, orderId, compensation);
            try
            {
                await context.CallActivityAsync<bool>(compensation, orderId, activityOptions);
            }
            catch (TaskFailedException failed)
            {
                // Keep going: releasing the stock must not depend on the provider accepting the void, and vice versa.
                FulfillmentLogs.CompensationFailed(logger, orderId, compensation, failed.FailureDetails.ErrorMessage);
                failedCompensations.Add(compensation);
            }
        }

        // The event reaches the read model and the customer's e-mail: it carries the fixed customer text, while the cause
        // (which may quote an exception) stays in the log above and the instance's output, which only operators read.
        await context.CallActivityAsync(
            nameof(PublishOrderFailed), new OrderFailed(orderId, reason, reason.CustomerMessage(), context.CurrentUtcDateTime), activityOptions);
        if (failedCompensations.Count > 0)
        {
            throw new SagaCompensationFailedException(
                $"Order '{orderId}' failed ({reason}) and these compensations exhausted their retries: {string.Join(", ", failedCompensations)}.");
        }

        return FulfillmentOutcome.Failed(orderId, reason, detail);
    }

    /// <summary>Where the steps before the pivot got to: a failure to compensate for, or the authorized payment and booked shipment.</summary>
    private sealed record SagaProgress((OrderFailureReason Reason, string Detail)? Failure, string? PaymentId, Shipment? Shipment)
    {
        public static SagaProgress Failed(OrderFailureReason reason, string detail) => new((reason, detail), null, null);

        public static SagaProgress Succeeded(string paymentId, Shipment shipment) => new(null, paymentId, shipment);
    }
}

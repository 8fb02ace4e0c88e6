using AzureEventKit.Contracts;
using Microsoft.Extensions.Logging;

namespace AzureEventKit.Functions.Fulfillment;

/// <summary>Every log line of the fulfillment saga and its activities. Orchestrator lines go through a replay-safe logger.</summary>
internal static partial class FulfillmentLogs
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Order {OrderId}: fulfillment started")]
    public static partial void SagaStarted(ILogger logger, string orderId);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Order {OrderId}: awaiting payment confirmation for up to {Timeout}")]
    public static partial void AwaitingPayment(ILogger logger, string orderId, TimeSpan timeout);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Order {OrderId}: fulfillment completed")]
    public static partial void SagaCompleted(ILogger logger, string orderId);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Order {OrderId}: fulfillment failed with {Reason}: {Detail}")]
    public static partial void SagaFailed(ILogger logger, string orderId, OrderFailureReason reason, string detail);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Order {OrderId}: compensating with {Compensation}")]
    public static partial void Compensating(ILogger logger, string orderId, string compensation);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Error, Message = "Order {OrderId}: compensation {Compensation} failed after its retries: {Error}")]
    public static partial void CompensationFailed(ILogger logger, string orderId, string compensation, string error);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Warning, Message = "Order {OrderId}: ignored a payment verdict about payment {ReceivedPaymentId}; waiting for {AuthorizedPaymentId}")]
    public static partial void PaymentConfirmationIgnored(ILogger logger, string orderId, string receivedPaymentId, string authorizedPaymentId);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Error, Message = "Order {OrderId}: the shipment is booked but {Step} kept failing; the order needs attention (runbook: resume it once the cause is fixed)")]
    public static partial void NeedsAttention(ILogger logger, string orderId, string step);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning, Message = "Order {OrderId}: step {Step} failed after its retries past the pivot: {Error}")]
    public static partial void StepFailedPastPivot(ILogger logger, string orderId, string step, string error);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Information, Message = "Order {OrderId}: resumed by an operator")]
    public static partial void Resumed(ILogger logger, string orderId);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "Order {OrderId}: resume raised on its saga")]
    public static partial void ResumeRaised(ILogger logger, string orderId);
}

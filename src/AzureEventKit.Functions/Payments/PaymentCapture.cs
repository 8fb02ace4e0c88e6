namespace AzureEventKit.Functions.Payments;

/// <summary>An order's captured payment, the same for every retry.</summary>
public sealed record PaymentCapture(string OrderId, string PaymentId, decimal Amount, string Currency, DateTimeOffset CapturedAt);

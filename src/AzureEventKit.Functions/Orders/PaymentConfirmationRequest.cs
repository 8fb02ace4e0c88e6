namespace AzureEventKit.Functions.Orders;

/// <summary>The optional body of <c>POST /api/orders/{id}/payment-confirmation</c>.</summary>
public sealed record PaymentConfirmationRequest(string? PaymentId);

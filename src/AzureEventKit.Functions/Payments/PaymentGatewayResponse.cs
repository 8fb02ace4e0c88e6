namespace AzureEventKit.Functions.Payments;

/// <summary>The provider's answer to an authorization.</summary>
/// <param name="IsApproved">True when the money is held.</param>
/// <param name="PaymentId">The provider's id of the hold, when approved.</param>
/// <param name="DeclineReason">Why not, when declined.</param>
public sealed record PaymentGatewayResponse(bool IsApproved, string? PaymentId, string? DeclineReason)
{
    public static PaymentGatewayResponse Approved(string paymentId) => new(true, paymentId, null);

    public static PaymentGatewayResponse Declined(string reason) => new(false, null, reason);
}

namespace AzureEventKit.Functions.PaymentWebhooks;

/// <summary>
/// The body the payment provider posts: one event about one payment. Everything is nullable so that validation, not
/// the parser, names what is missing. Adapt this record (and <see cref="PaymentWebhookValidator"/>) to your provider's format.
/// </summary>
/// <param name="Id">The provider's event id, unique per event; a redelivery carries the same id.</param>
/// <param name="Type"><see cref="ApprovedType"/> or <see cref="DeclinedType"/>.</param>
/// <param name="OrderId">The order the payment belongs to (sent to the provider as metadata when authorizing).</param>
/// <param name="PaymentId">The provider's payment id; must be the one recorded for the order's authorization.</param>
/// <param name="Reason">Why the payment was declined, when it was.</param>
public sealed record PaymentWebhookEvent(string? Id, string? Type, string? OrderId, string? PaymentId, string? Reason)
{
    public const string ApprovedType = "payment.approved";

    public const string DeclinedType = "payment.declined";
}

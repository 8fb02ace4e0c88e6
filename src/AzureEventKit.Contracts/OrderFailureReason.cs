using System.Text.Json.Serialization;

namespace AzureEventKit.Contracts;

/// <summary>Why an order failed. Serialized by name, so values may be added but never renamed.</summary>
[JsonConverter(typeof(EnumNameOnlyConverter<OrderFailureReason>))]
public enum OrderFailureReason
{
    /// <summary>Not enough stock for at least one line.</summary>
    OutOfStock,
    /// <summary>The payment provider declined the authorization.</summary>
    PaymentDeclined,
    /// <summary>The customer did not confirm the payment in time.</summary>
    PaymentTimeout,
    /// <summary>A step kept failing after its retries were exhausted.</summary>
    RetriesExhausted,
}

using System.ComponentModel.DataAnnotations;

namespace AzureEventKit.Functions.Orders;

/// <summary>
/// How much stock one customer can hold without paying (configuration section <c>Orders:Limits</c>, validated at
/// start-up). Every order reserves stock until it is paid or its payment wait ends, so without these limits one customer
/// could place unpaid orders until a SKU is sold out for everyone else.
/// </summary>
public sealed class OrderLimitsOptions : IValidatableObject
{
    public const string SectionName = "Orders:Limits";

    /// <summary>The most units of one SKU on one line. Default 10. Above it: 422 naming the line's quantity.</summary>
    [Range(1, PlaceOrderValidator.MaxQuantity, ErrorMessage = "Orders:Limits:MaxQuantityPerLine must be between 1 and 1000.")]
    public int MaxQuantityPerLine { get; set; } = 10;

    /// <summary>The most units over all lines of one order. Default 50. Above it: 422 naming <c>items</c>.</summary>
    [Range(1, 50_000, ErrorMessage = "Orders:Limits:MaxQuantityPerOrder must be between 1 and 50000.")]
    public int MaxQuantityPerOrder { get; set; } = 50;

    /// <summary>
    /// The most open orders one customer may have: placed, and not yet paid (shipped), completed or failed. Default 3.
    /// One more is answered 429 with Retry-After. An order leaves this count when its payment is confirmed, or when
    /// the saga gives up waiting for payment (<c>Fulfillment:PaymentConfirmationTimeout</c>) and releases its stock.
    /// </summary>
    [Range(1, 1_000, ErrorMessage = "Orders:Limits:MaxOpenOrdersPerCustomer must be between 1 and 1000.")]
    public int MaxOpenOrdersPerCustomer { get; set; } = 3;

    /// <summary>The Retry-After of that 429. Default 1 minute: a customer who pays an open order can place again at once.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Orders:Limits:OpenOrdersRetryAfter must be between 00:00:01 and 01:00:00.")]
    public TimeSpan OpenOrdersRetryAfter { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxQuantityPerLine > MaxQuantityPerOrder)
        {
            yield return new ValidationResult(
                $"Orders:Limits:MaxQuantityPerLine ({MaxQuantityPerLine}) must not exceed Orders:Limits:MaxQuantityPerOrder ({MaxQuantityPerOrder}).",
                [nameof(MaxQuantityPerLine), nameof(MaxQuantityPerOrder)]);
        }
    }
}

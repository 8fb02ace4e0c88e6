namespace AzureEventKit.Functions.Payments;

/// <summary>
/// STAND-IN FOR AN EXTERNAL PAYMENT PROVIDER. It moves no money and talks to nobody; it exists so that the sample runs
/// end to end on a laptop. Replace it with an adapter for your provider (register your own
/// <see cref="IPaymentGateway"/> after <c>AddFulfillment</c>).
/// <para>
/// Its answers are deterministic, so that tests and demos can ask for a decline:
/// <list type="number">
/// <item>a customer id starting with <see cref="DeclinedCustomerPrefix"/> (<c>declined-</c>, any case) is declined as "card declined";</item>
/// <item>an amount above <see cref="ApprovalLimit"/> (5,000 in any currency) is declined as "amount above limit";</item>
/// <item>everything else is approved with payment id <c>sim-pay-{order reference}</c>, the same id for every retry.</item>
/// </list>
/// Capture and void always succeed and, like a real provider's repeated idempotency key, are safe to repeat.
/// </para>
/// </summary>
public sealed class SimulatedPaymentGateway : IPaymentGateway
{
    /// <summary>Customers whose id starts with this are always declined.</summary>
    public const string DeclinedCustomerPrefix = "declined-";

    /// <summary>Amounts above this are always declined.</summary>
    public const decimal ApprovalLimit = 5_000m;

    public Task<PaymentGatewayResponse> AuthorizeAsync(PaymentAuthorizationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = request switch
        {
            _ when request.CustomerId.StartsWith(DeclinedCustomerPrefix, StringComparison.OrdinalIgnoreCase) =>
                PaymentGatewayResponse.Declined($"Card declined for customer '{request.CustomerId}' (stand-in rule: customer id starts with '{DeclinedCustomerPrefix}')."),
            _ when request.Amount > ApprovalLimit =>
                PaymentGatewayResponse.Declined($"Amount {request.Amount} {request.Currency} is above the limit of {ApprovalLimit} (stand-in rule)."),
            _ => PaymentGatewayResponse.Approved("sim-pay-" + request.OrderReference),
        };
        return Task.FromResult(response);
    }

    public Task CaptureAsync(PaymentCaptureRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.CompletedTask;
    }

    public Task VoidAsync(PaymentVoidRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.CompletedTask;
    }
}

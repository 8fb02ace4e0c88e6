using System.Collections.Concurrent;
using AzureEventKit.Functions.Payments;

namespace AzureEventKit.Functions.Tests.Fulfillment;

/// <summary>
/// TEST DOUBLE AT THE EXTERNAL EDGE: the stand-in provider with every call recorded as (operation, idempotency key).
/// Like a real provider it acts once per key: <see cref="Charges"/> counts distinct keys, which is what money moved.
/// </summary>
internal sealed class SpyPaymentGateway : IPaymentGateway
{
    public const string Authorize = "authorize";
    public const string Capture = "capture";
    public const string Void = "void";

    private readonly SimulatedPaymentGateway inner = new();
    private readonly ConcurrentQueue<(string Operation, string IdempotencyKey)> calls = new();

    /// <summary>Runs after the provider approved an authorization, before the answer is returned (an outage starting then).</summary>
    public Action? AfterApproval { get; set; }

    public IReadOnlyList<(string Operation, string IdempotencyKey)> Calls => [.. calls];

    /// <summary>Distinct idempotency keys of <paramref name="operation"/> for the order: one per charge, however often retried.</summary>
    public int Charges(string operation, string orderId) =>
        calls.Where(call => call.Operation == operation && call.IdempotencyKey.StartsWith(orderId + ":", StringComparison.Ordinal))
            .Select(call => call.IdempotencyKey).Distinct(StringComparer.Ordinal).Count();

    public async Task<PaymentGatewayResponse> AuthorizeAsync(PaymentAuthorizationRequest request, CancellationToken cancellationToken = default)
    {
        calls.Enqueue((Authorize, request.IdempotencyKey));
        var response = await inner.AuthorizeAsync(request, cancellationToken);
        if (response.IsApproved)
        {
            AfterApproval?.Invoke();
        }

        return response;
    }

    /// <summary>How many capture calls fail (after the provider acted, as a lost answer) before one is answered.</summary>
    public int CaptureAnswersLost { get; set; }

    /// <summary>When true, every capture fails before reaching the provider, as during a provider outage.</summary>
    public bool CaptureUnavailable { get; set; }

    public Task CaptureAsync(PaymentCaptureRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (CaptureUnavailable)
        {
            throw new HttpRequestException("Simulated provider outage during capture.");
        }

        calls.Enqueue((Capture, request.IdempotencyKey));
        if (CaptureAnswersLost > 0)
        {
            CaptureAnswersLost--;
            throw new HttpRequestException("Simulated lost answer: the provider captured, the response never arrived.");
        }

        return inner.CaptureAsync(request, cancellationToken);
    }

    public Task VoidAsync(PaymentVoidRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        calls.Enqueue((Void, request.IdempotencyKey));
        VoidedAuthorizations.Enqueue(request.AuthorizationKey);
        return inner.VoidAsync(request, cancellationToken);
    }

    /// <summary>The authorization keys the voids named: what the provider released.</summary>
    public ConcurrentQueue<string> VoidedAuthorizations { get; } = new();
}

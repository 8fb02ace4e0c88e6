using AzureEventKit.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace AzureEventKit.Functions.Orders;

/// <summary><c>POST /api/orders/{id}/payment-confirmation</c>: raises PaymentConfirmed on the order's saga.</summary>
public sealed class ConfirmPayment(PaymentConfirmations confirmations, RequestBodyReader bodies)
{
    [Function(nameof(ConfirmPayment))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "orders/{id}/payment-confirmation")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        // The body is optional; chunked or not, the reader tells an absent body from a present one.
        var (body, problem) = await bodies.ReadOptionalJsonAsync(request, OrdersJsonContext.Default.PaymentConfirmationRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var result = await confirmations.ConfirmAsync(id, body?.PaymentId, durable, cancellationToken);
        return result.ToActionResult();
    }
}

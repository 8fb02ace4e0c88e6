using AzureEventKit.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace AzureEventKit.Functions.PaymentWebhooks;

/// <summary>
/// <c>POST /api/payments/webhook</c>: the payment provider reports a payment approved or declined. Anonymous at the
/// host, and excluded from App Service Authentication (the provider cannot sign in): the HMAC signature is the
/// authentication, checked before anything is read from the body.
/// </summary>
public sealed class PaymentWebhook(PaymentWebhookHandler handler, RequestBodyReader bodies)
{
    public const string Route = "payments/webhook";

    [Function(nameof(PaymentWebhook))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        // The signature covers the exact bytes, so the body is read raw, never re-serialized.
        var (body, problem) = await bodies.ReadBytesAsync(request, "The webhook body", cancellationToken);
        return problem ?? await handler.HandleAsync(request, body, durable, cancellationToken);
    }
}

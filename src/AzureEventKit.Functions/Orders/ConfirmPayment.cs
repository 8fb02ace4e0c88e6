using AzureEventKit.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace AzureEventKit.Functions.Orders;

/// <summary><c>POST /api/orders/{id}/payment-confirmation</c>: raises PaymentConfirmed on the order's saga.</summary>
public sealed class ConfirmPayment(PaymentConfirmations confirmations, IOptions<OrdersOptions> options)
{
    [Function(nameof(ConfirmPayment))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "orders/{id}/payment-confirmation")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? paymentId = null;
        if (await HasBodyAsync(request, cancellationToken))
        {
            var (body, problem) = await JsonRequestReader.ReadAsync(request, HttpJsonContext.Default.PaymentConfirmationRequest, options.Value.MaxRequestBodyBytes, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            paymentId = body!.PaymentId;
        }

        var result = await confirmations.ConfirmAsync(id, paymentId, durable, cancellationToken);
        return result.StatusCode switch
        {
            StatusCodes.Status404NotFound => ProblemResult.NotFound(result.Detail),
            StatusCodes.Status409Conflict => ProblemResult.Conflict(result.Detail),
            _ => new StatusCodeResult(StatusCodes.Status202Accepted),
        };
    }

    /// <summary>
    /// The body is optional. A chunked request carries no Content-Length, so without one the first byte decides; the
    /// stream is buffered and rewound so the reader still sees the whole body.
    /// </summary>
    private static async Task<bool> HasBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } length)
        {
            return length > 0;
        }

        request.EnableBuffering();
        var first = new byte[1];
        var read = await request.Body.ReadAsync(first, cancellationToken);
        request.Body.Position = 0;
        return read > 0;
    }
}

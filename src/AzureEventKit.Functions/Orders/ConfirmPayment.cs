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
        if (request.ContentLength is > 0)
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
}

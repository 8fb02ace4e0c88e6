using Azure.Messaging.ServiceBus;
using AzureEventKit.Functions.Http;
using AzureEventKit.Functions.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace AzureEventKit.Functions.Orders;

/// <summary>
/// <c>POST /api/orders</c>: validate, accept, answer 202 with the order's Location. The customer is the signed-in caller
/// (App Service Authentication's principal), never a field of the body.
/// </summary>
public sealed class PlaceOrder(OrderPlacement placement, RequestBodyReader bodies)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    [Function(nameof(PlaceOrder))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "orders")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (caller, unauthenticated) = CallerAuthorization.Authenticate(request);
        if (caller is null)
        {
            return unauthenticated!;
        }

        var idempotencyKey = request.Headers[IdempotencyKeyHeader].FirstOrDefault();
        if (idempotencyKey is { Length: 0 or > 128 })
        {
            return ProblemResult.BadRequest(IdempotencyKeyHeader, "Idempotency-Key must be 1 to 128 characters.");
        }

        var (body, problem) = await bodies.ReadJsonAsync(request, OrdersJsonContext.Default.PlaceOrderRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = PlaceOrderValidator.Validate(body);
        if (errors.Count > 0)
        {
            return ProblemResult.Validation(errors);
        }

        PlacementResult result;
        try
        {
            result = await placement.PlaceAsync(body!, caller.UserId, idempotencyKey, cancellationToken);
        }
        catch (ServiceBusException exception) when (exception.IsTransient)
        {
            return new ProblemResult(
                StatusCodes.Status503ServiceUnavailable,
                "Try again.",
                idempotencyKey is null
                    ? "The order could not be announced. Retry; send an Idempotency-Key header so that a retry can never create a second order."
                    : "The order was saved but could not be announced yet; retry with the same Idempotency-Key.");
        }

        return result.ToActionResult();
    }
}

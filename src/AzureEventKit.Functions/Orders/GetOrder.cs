using AzureEventKit.Functions.Http;
using AzureEventKit.Functions.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace AzureEventKit.Functions.Orders;

/// <summary>
/// <c>GET /api/orders/{id}</c>: status and timeline for the caller who placed the order. Another caller's order is
/// answered exactly like an order that does not exist (404), so order ids cannot be probed.
/// </summary>
public sealed class GetOrder(OrderQueries queries)
{
    [Function(nameof(GetOrder))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "orders/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (caller, unauthenticated) = CallerAuthorization.Authenticate(request);
        if (caller is null)
        {
            return unauthenticated!;
        }

        var order = await queries.FindAsync(id, cancellationToken);
        return order is null || !string.Equals(order.CustomerId, caller.UserId, StringComparison.Ordinal)
            ? ProblemResult.NotFound($"Order '{id}' does not exist.")
            : new JsonBodyResult<OrderView>(StatusCodes.Status200OK, order, OrdersJsonContext.Default.OrderView);
    }
}

using AzureEventKit.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace AzureEventKit.Functions.Orders;

/// <summary><c>GET /api/orders/{id}</c>: status and timeline, or 404.</summary>
public sealed class GetOrder(OrderQueries queries)
{
    [Function(nameof(GetOrder))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "orders/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var order = await queries.FindAsync(id, cancellationToken);
        return order is null
            ? ProblemResult.NotFound($"Order '{id}' does not exist.")
            : new JsonBodyResult<OrderView>(StatusCodes.Status200OK, order, OrdersJsonContext.Default.OrderView);
    }
}

using System.Globalization;
using AzureEventKit.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace AzureEventKit.Functions.Orders;

/// <summary>What happened to a placement.</summary>
public sealed record PlacementResult(string OrderId, string Status, bool IdempotencyKeyReused)
{
    /// <summary>Why nothing was written (a line the catalogue cannot sell, a limit): answered as this problem.</summary>
    public ProblemResult? Refusal { get; init; }

    public static PlacementResult Accepted(string orderId, string status) => new(orderId, status, false);

    public static PlacementResult KeyReused(string orderId) => new(orderId, string.Empty, true);

    public static PlacementResult Refused(ProblemResult refusal) => new(string.Empty, string.Empty, false) { Refusal = refusal };

    public string StatusUrl => "/api/orders/" + OrderId.ToString(CultureInfo.InvariantCulture);

    /// <summary>202 with the order's Location, 409 when the Idempotency-Key belongs to a different order, or the refusal.</summary>
    public IActionResult ToActionResult() => (IActionResult?)Refusal ?? (IdempotencyKeyReused
        ? ProblemResult.Conflict("This Idempotency-Key was already used for a different order.")
        : new JsonBodyResult<OrderAccepted>(StatusCodes.Status202Accepted, new OrderAccepted(OrderId, Status, StatusUrl), OrdersJsonContext.Default.OrderAccepted, StatusUrl));
}

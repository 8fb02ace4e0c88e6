using System.Globalization;

namespace AzureEventKit.Functions.Orders;

/// <summary>What happened to a placement.</summary>
public sealed record PlacementResult(string OrderId, string Status, bool IdempotencyKeyReused)
{
    public static PlacementResult Accepted(string orderId, string status) => new(orderId, status, false);

    public static PlacementResult KeyReused(string orderId) => new(orderId, string.Empty, true);

    public string StatusUrl => "/api/orders/" + OrderId.ToString(CultureInfo.InvariantCulture);
}

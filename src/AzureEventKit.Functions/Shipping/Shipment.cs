namespace AzureEventKit.Functions.Shipping;

/// <summary>A scheduled shipment; the same values for every retry of the same order.</summary>
public sealed record Shipment(string OrderId, string ShipmentId, string TrackingNumber, DateTimeOffset CreatedAt);

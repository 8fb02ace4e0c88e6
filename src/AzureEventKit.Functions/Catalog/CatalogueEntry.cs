namespace AzureEventKit.Functions.Catalog;

/// <summary>One product of <c>GET /api/catalog</c>: what a client shows before it places an order.</summary>
public sealed record CatalogueEntry(string Sku, string Name, decimal UnitPrice, string Currency);

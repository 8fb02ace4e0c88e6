using Microsoft.Extensions.Logging;

namespace AzureEventKit.Functions.Catalog;

/// <summary>Every log line of the Catalog feature.</summary>
internal static partial class CatalogLogs
{
    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "Catalogue seeded {Sku} at {UnitPrice} {Currency}")]
    public static partial void Seeded(ILogger logger, string sku, decimal unitPrice, string currency);
}

using System.ComponentModel.DataAnnotations;

namespace AzureEventKit.Functions.Orders;

/// <summary>Limits of the orders API. Section <c>Orders</c>.</summary>
public sealed class OrdersOptions
{
    public const string SectionName = "Orders";

    /// <summary>The largest accepted request body, in bytes. Default 64 KiB: a 50-line order is about 5 KiB.</summary>
    [Range(1_024, 1_048_576, ErrorMessage = "Orders:MaxRequestBodyBytes must be between 1024 and 1048576.")]
    public int MaxRequestBodyBytes { get; set; } = 64 * 1024;
}

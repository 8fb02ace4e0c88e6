using System.Text.Json;
using System.Text.Json.Serialization;
using AzureEventKit.Contracts;

namespace AzureEventKit.Functions.Orders;

/// <summary>JSON for the columns of order rows that hold structured values.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(List<OrderLine>))]
public sealed partial class OrdersJsonContext : JsonSerializerContext;

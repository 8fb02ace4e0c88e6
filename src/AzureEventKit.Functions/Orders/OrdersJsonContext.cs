using System.Text.Json;
using System.Text.Json.Serialization;
using AzureEventKit.Contracts;

namespace AzureEventKit.Functions.Orders;

/// <summary>JSON for the orders API's bodies and for the columns of order rows that hold structured values.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<OrderLine>))]
[JsonSerializable(typeof(PlaceOrderRequest))]
[JsonSerializable(typeof(OrderAccepted))]
[JsonSerializable(typeof(OrderView))]
public sealed partial class OrdersJsonContext : JsonSerializerContext;

using System.Text.Json;
using System.Text.Json.Serialization;
using AzureEventKit.Functions.DeadLetters;
using AzureEventKit.Functions.Orders;

namespace AzureEventKit.Functions.Http;

/// <summary>Source-generated JSON for everything the HTTP API reads and writes.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ProblemDocument))]
[JsonSerializable(typeof(PlaceOrderRequest))]
#if (!minimal)
[JsonSerializable(typeof(PaymentConfirmationRequest))]
#endif
[JsonSerializable(typeof(OrderAccepted))]
[JsonSerializable(typeof(OrderView))]
[JsonSerializable(typeof(IReadOnlyList<DeadLetterView>))]
[JsonSerializable(typeof(DeadLetterReplayed))]
public sealed partial class HttpJsonContext : JsonSerializerContext;

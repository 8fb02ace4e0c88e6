using System.Text.Json;
using System.Text.Json.Serialization;

namespace AzureEventKit.Contracts;

/// <summary>
/// Source-generated JSON metadata for every contract, so serialization needs no reflection and
/// the wire shape (camelCase, enums by name) is fixed in one place.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(OrderPlaced))]
[JsonSerializable(typeof(InventoryReserved))]
[JsonSerializable(typeof(PaymentAuthorized))]
[JsonSerializable(typeof(PaymentConfirmed))]
[JsonSerializable(typeof(ShipmentCreated))]
[JsonSerializable(typeof(OrderCompleted))]
[JsonSerializable(typeof(OrderFailed))]
[JsonSerializable(typeof(OrderNeedsAttention))]
public sealed partial class ContractsJsonContext : JsonSerializerContext;

using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization.Metadata;

namespace AzureEventKit.Contracts;

/// <summary>
/// The one list of event types this system understands. A type name that is not here is unknown,
/// and a consumer must treat such a message as a permanent failure rather than guess.
/// </summary>
public static class EventCatalog
{
    private static readonly FrozenDictionary<string, JsonTypeInfo> ByType = new Dictionary<string, JsonTypeInfo>(StringComparer.Ordinal)
    {
        [OrderPlaced.EventType] = ContractsJsonContext.Default.OrderPlaced,
        [InventoryReserved.EventType] = ContractsJsonContext.Default.InventoryReserved,
        [PaymentAuthorized.EventType] = ContractsJsonContext.Default.PaymentAuthorized,
        [PaymentConfirmed.EventType] = ContractsJsonContext.Default.PaymentConfirmed,
        [ShipmentCreated.EventType] = ContractsJsonContext.Default.ShipmentCreated,
        [OrderCompleted.EventType] = ContractsJsonContext.Default.OrderCompleted,
        [OrderFailed.EventType] = ContractsJsonContext.Default.OrderFailed,
        [OrderNeedsAttention.EventType] = ContractsJsonContext.Default.OrderNeedsAttention,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<Type, string> ByClrType =
        ByType.ToFrozenDictionary(pair => pair.Value.Type, pair => pair.Key);

    /// <summary>Every event type name, versioned (for example <c>orders.placed.v1</c>).</summary>
    public static IEnumerable<string> EventTypes => ByType.Keys;

    /// <summary>Finds the JSON metadata for a CloudEvent type name.</summary>
    public static bool TryGetTypeInfo(string eventType, [NotNullWhen(true)] out JsonTypeInfo? typeInfo) =>
        ByType.TryGetValue(eventType, out typeInfo);

    /// <summary>The CloudEvent type name of an event record.</summary>
    /// <exception cref="ArgumentException">The type is not a known contract.</exception>
    public static string EventTypeOf(Type eventClrType) =>
        ByClrType.TryGetValue(eventClrType, out var name)
            ? name
            : throw new ArgumentException($"'{eventClrType.Name}' is not a registered event contract.", nameof(eventClrType));
}

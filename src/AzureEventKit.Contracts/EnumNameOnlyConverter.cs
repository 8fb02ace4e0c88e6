using System.Text.Json;
using System.Text.Json.Serialization;

namespace AzureEventKit.Contracts;

/// <summary>
/// Reads and writes an enum by name only. A number is refused: names are the contract (values may be added in any
/// order), so a sender that writes numbers would silently change meaning when the enum grows.
/// </summary>
/// <typeparam name="TEnum">The contract enum.</typeparam>
public sealed class EnumNameOnlyConverter<TEnum>() : JsonStringEnumConverter<TEnum>(namingPolicy: null, allowIntegerValues: false)
    where TEnum : struct, Enum;

using System.Text.Json;
using System.Text.Json.Serialization;
using AzureEventKit.Contracts;

namespace AzureEventKit.Functions.Inventory;

/// <summary>Quantities per SKU. Orders may repeat a SKU across lines; a table transaction may not touch a row twice, so lines are summed first.</summary>
internal static class ReservedQuantities
{
    public static SortedDictionary<string, int> FromLines(IEnumerable<OrderLine> lines)
    {
        var quantities = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            quantities[line.Sku] = checked(quantities.GetValueOrDefault(line.Sku) + line.Quantity);
        }

        return quantities;
    }

    public static string ToJson(SortedDictionary<string, int> quantities) =>
        JsonSerializer.Serialize(quantities, ReservedQuantitiesJsonContext.Default.SortedDictionaryStringInt32);

    public static SortedDictionary<string, int> FromJson(string json) =>
        JsonSerializer.Deserialize(json, ReservedQuantitiesJsonContext.Default.SortedDictionaryStringInt32)
        ?? new SortedDictionary<string, int>(StringComparer.Ordinal);
}

[JsonSerializable(typeof(SortedDictionary<string, int>))]
internal sealed partial class ReservedQuantitiesJsonContext : JsonSerializerContext;

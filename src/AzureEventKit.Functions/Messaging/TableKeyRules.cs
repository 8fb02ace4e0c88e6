namespace AzureEventKit.Functions.Messaging;

/// <summary>
/// What Azure Tables accepts in a PartitionKey or RowKey. Ids that arrive in events become keys (order id → partition,
/// event id → ledger and timeline rows), so they are checked when the message is read: a key that Tables would refuse
/// with a 400 would otherwise look transient, burn every delivery and only then reach the dead-letter queue.
/// </summary>
public static class TableKeyRules
{
    /// <summary>
    /// The longest id accepted, in characters. Azure allows 1 KiB per key; half of it leaves room for the prefixes the
    /// consumers add (<c>ledger|projections|…</c>, <c>timeline|…</c>).
    /// </summary>
    public const int MaxIdLength = 512;

    /// <summary>Why <paramref name="value"/> cannot be part of a key, or null when it can.</summary>
    public static string? Problem(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > MaxIdLength)
        {
            return $"is {value.Length} characters long; the limit is {MaxIdLength}";
        }

        foreach (var character in value)
        {
            if (character is '/' or '\\' or '#' or '?')
            {
                return $"contains '{character}', which Azure Tables does not allow in keys";
            }

            if (char.IsControl(character))
            {
                return $"contains the control character U+{(int)character:X4}";
            }
        }

        return null;
    }
}

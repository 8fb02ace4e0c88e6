namespace AzureEventKit.Functions.Inventory;

/// <summary>
/// Other orders kept changing the same stock rows for every optimistic attempt. Transient by nature: the activity's
/// Durable retry policy tries again later, when the burst has passed.
/// </summary>
public sealed class InventoryContentionException : Exception
{
    public InventoryContentionException()
    {
    }

    public InventoryContentionException(string message)
        : base(message)
    {
    }

    public InventoryContentionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

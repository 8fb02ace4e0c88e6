namespace AzureEventKit.Local;

/// <summary>
/// Who an <see cref="OrdersClient"/> speaks as where a call names nobody: the customer that reads an order it did not
/// place, and the operator of the dead-letter API.
/// </summary>
internal sealed record OrdersClientCallers(string DefaultCustomer, string OperatorId, string OperatorName)
{
    /// <summary>The run command's callers.</summary>
    public static OrdersClientCallers Local { get; } = new("local-customer", "local-operator", "Local operator");
}

namespace AzureEventKit.Functions.Fulfillment;

/// <summary>Where an order is in the minimal workflow. Add a member when you add a step that moves the order on.</summary>
public enum OrderStatus
{
    Pending = 0,
    Completed = 1,
}

namespace AzureEventKit.Functions.Fulfillment;

/// <summary>
/// What the outside world may know about the fulfillment orchestration: its name. Starters and HTTP functions
/// depend on this, never on the orchestrator's internals.
/// </summary>
public static class FulfillmentProtocol
{
    /// <summary>The orchestrator function name. The instance id is always the order id.</summary>
    public const string OrchestrationName = "OrderFulfillment";
}

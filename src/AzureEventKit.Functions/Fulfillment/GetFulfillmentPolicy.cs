using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace AzureEventKit.Functions.Fulfillment;

/// <summary>
/// Hands the saga its settings through an activity, because an orchestrator must not read configuration: the value
/// could differ at the next replay. The activity's result is recorded once and replayed from history.
/// </summary>
public sealed class GetFulfillmentPolicy(IOptions<FulfillmentOptions> options)
{
    [Function(nameof(GetFulfillmentPolicy))]
    public FulfillmentPolicy Run([ActivityTrigger] string orderId) => FulfillmentPolicy.From(options.Value);
}

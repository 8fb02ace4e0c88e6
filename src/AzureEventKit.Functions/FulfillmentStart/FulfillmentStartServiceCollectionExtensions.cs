using Microsoft.Extensions.DependencyInjection;

namespace AzureEventKit.Functions.FulfillmentStart;

public static class FulfillmentStartServiceCollectionExtensions
{
    /// <summary>The subscriber that turns OrderPlaced into a saga instance.</summary>
    public static IServiceCollection AddFulfillmentStart(this IServiceCollection services) =>
        services.AddSingleton<FulfillmentStarter>();
}

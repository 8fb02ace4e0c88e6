using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AzureEventKit.Functions.Fulfillment;

public static class FulfillmentServiceCollectionExtensions
{
    /// <summary>
    /// The fulfillment workflow's services: the plain classes behind its activities. Expects a
    /// <see cref="Azure.Data.Tables.TableServiceClient"/> from the messaging and storage features.
    /// </summary>
    public static IServiceCollection AddFulfillment(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<OrderCompletion>();
        return services;
    }
}

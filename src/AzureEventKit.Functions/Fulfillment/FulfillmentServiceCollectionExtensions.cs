using AzureEventKit.Functions.Observability;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AzureEventKit.Functions.Fulfillment;

public static class FulfillmentServiceCollectionExtensions
{
    /// <summary>
    /// The fulfillment saga's own services: its options (validated at start-up) and telemetry. Its steps call the
    /// domain services that <c>AddInventory</c>, <c>AddPayments</c> and <c>AddShipping</c> register, and an
    /// <see cref="Messaging.IEventPublisher"/> from <c>AddMessaging</c>.
    /// </summary>
    public static IServiceCollection AddFulfillment(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<FulfillmentOptions>().Bind(configuration.GetSection(FulfillmentOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FulfillmentOptions>, FulfillmentOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OrderWorkflowTelemetry>();
        services.AddSingleton<FulfillmentResumption>();
        return services;
    }
}

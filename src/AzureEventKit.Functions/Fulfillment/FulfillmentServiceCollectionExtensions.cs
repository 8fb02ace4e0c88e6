using AzureEventKit.Functions.Inventory;
using AzureEventKit.Functions.Observability;
using AzureEventKit.Functions.Payments;
using AzureEventKit.Functions.Shipping;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AzureEventKit.Functions.Fulfillment;

public static class FulfillmentServiceCollectionExtensions
{
    /// <summary>
    /// The fulfillment saga's services: options (validated at start-up), the plain classes behind its activities, the
    /// stand-in payment gateway, and table creation plus stock seeding at start-up. Expects a
    /// <see cref="Azure.Data.Tables.TableServiceClient"/> and an <see cref="Messaging.IEventPublisher"/> from their features.
    /// </summary>
    public static IServiceCollection AddFulfillment(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<FulfillmentOptions>().Bind(configuration.GetSection(FulfillmentOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FulfillmentOptions>, FulfillmentOptionsValidator>();
        services.AddOptions<InventoryOptions>().Bind(configuration.GetSection(InventoryOptions.SectionName));

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OrderWorkflowTelemetry>();

        services.AddSingleton<InventoryReservations>();
        services.AddSingleton<InventorySeeder>();
        services.AddSingleton<PaymentAuthorizations>();
        services.AddSingleton<ShipmentScheduler>();

        // STAND-IN: replace with your provider's adapter by registering another IPaymentGateway after this call.
        services.TryAddSingleton<IPaymentGateway, SimulatedPaymentGateway>();

        services.AddHostedService<FulfillmentStorageInitializer>();
        return services;
    }
}

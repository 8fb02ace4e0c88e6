using AzureEventKit.Functions.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AzureEventKit.Functions.Shipping;

public static class ShippingServiceCollectionExtensions
{
    /// <summary>Shipment booking: the Shipments table (created at start-up) and <see cref="ShipmentScheduler"/>.</summary>
    public static IServiceCollection AddShipping(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOwnedTables(ShipmentEntity.Table);
        services.AddSingleton<ShipmentScheduler>();
        return services;
    }
}

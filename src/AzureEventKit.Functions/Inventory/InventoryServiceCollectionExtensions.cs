using AzureEventKit.Functions.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AzureEventKit.Functions.Inventory;

public static class InventoryServiceCollectionExtensions
{
    /// <summary>
    /// Stock and reservations: the Inventory table (created at start-up), its seed stock (section <c>Inventory</c>) and
    /// <see cref="InventoryReservations"/>. Expects a <see cref="Azure.Data.Tables.TableServiceClient"/>.
    /// </summary>
    public static IServiceCollection AddInventory(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<InventoryOptions>().Bind(configuration.GetSection(InventoryOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.AddOwnedTables(InventoryTable.Name);
        services.AddSingleton<InventoryReservations>();
        services.AddSingleton<InventorySeeder>();
        services.AddHostedService<InventorySeeding>();
        return services;
    }
}

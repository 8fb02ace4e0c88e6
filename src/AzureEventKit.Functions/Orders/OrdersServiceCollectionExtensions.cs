using AzureEventKit.Functions.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AzureEventKit.Functions.Orders;

public static class OrdersServiceCollectionExtensions
{
    /// <summary>
    /// The orders API: placement (priced by <c>AddCatalog</c>'s catalogue, bounded by section <c>Orders:Limits</c>, validated
    /// at start-up) and queries for the signed-in caller, and the outbox sweeper (section <c>Orders:Outbox</c>). Its body limit
    /// is <c>AddHttpApi</c>'s.
    /// </summary>
    public static IServiceCollection AddOrders(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<OrderLimitsOptions>().Bind(configuration.GetSection(OrderLimitsOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOwnedTables(OpenOrderSlots.Table);
        services.AddSingleton<OrderLimits>();
        services.AddSingleton<OpenOrderSlots>();
        services.AddOptions<OrderOutboxOptions>().Bind(configuration.GetSection(OrderOutboxOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OrderPlacement>();
        services.AddSingleton<OrderOutboxSweeper>();
        services.AddSingleton<OrderQueries>();
        return services;
    }
}

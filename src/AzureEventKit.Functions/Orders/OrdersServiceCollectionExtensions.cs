using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AzureEventKit.Functions.Orders;

public static class OrdersServiceCollectionExtensions
{
    /// <summary>The orders API: placement and queries, for the signed-in caller. Its body limit is <c>AddHttpApi</c>'s.</summary>
    public static IServiceCollection AddOrders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<OrderPlacement>();
        services.AddSingleton<OrderQueries>();
        return services;
    }
}

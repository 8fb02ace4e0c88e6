using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AzureEventKit.Functions.Orders;

public static class OrdersServiceCollectionExtensions
{
    /// <summary>The orders API: placement, queries and payment confirmation. Its body limit is <c>AddHttpApi</c>'s.</summary>
    public static IServiceCollection AddOrders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<OrderPlacement>();
        services.AddSingleton<OrderQueries>();
#if (!minimal)
        services.AddSingleton<PaymentConfirmations>();
#endif
        return services;
    }
}

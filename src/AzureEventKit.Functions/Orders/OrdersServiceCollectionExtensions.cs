using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AzureEventKit.Functions.Orders;

public static class OrdersServiceCollectionExtensions
{
    /// <summary>The orders API: placement, queries and payment confirmation, with validated limits.</summary>
    public static IServiceCollection AddOrders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OrdersOptions>().Bind(configuration.GetSection(OrdersOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OrderPlacement>();
        services.AddSingleton<OrderQueries>();
#if (!minimal)
        services.AddSingleton<PaymentConfirmations>();
#endif
        return services;
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AzureEventKit.Functions.Orders;

public static class OrdersServiceCollectionExtensions
{
    /// <summary>
    /// The orders API: placement, queries and payment confirmation, and the outbox sweeper (section
    /// <c>Orders:Outbox</c>). Its body limit is <c>AddHttpApi</c>'s.
    /// </summary>
    public static IServiceCollection AddOrders(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<OrderOutboxOptions>().Bind(configuration.GetSection(OrderOutboxOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OrderPlacement>();
        services.AddSingleton<OrderOutboxSweeper>();
        services.AddSingleton<OrderQueries>();
#if (!minimal)
        services.AddSingleton<PaymentConfirmations>();
#endif
        return services;
    }
}

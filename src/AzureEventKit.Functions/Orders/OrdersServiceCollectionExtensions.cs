using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AzureEventKit.Functions.Orders;

public static class OrdersServiceCollectionExtensions
{
    // SCAFFOLD: the Orders feature registers its services here.
    public static IServiceCollection AddOrders(this IServiceCollection services, IConfiguration configuration) => services;
}

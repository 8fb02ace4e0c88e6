using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AzureEventKit.Functions.Fulfillment;

public static class FulfillmentServiceCollectionExtensions
{
    // SCAFFOLD: the Fulfillment feature registers its services here.
    public static IServiceCollection AddFulfillment(this IServiceCollection services, IConfiguration configuration) => services;
}

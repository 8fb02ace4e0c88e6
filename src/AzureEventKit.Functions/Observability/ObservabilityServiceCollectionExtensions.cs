using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AzureEventKit.Functions.Observability;

public static class ObservabilityServiceCollectionExtensions
{
    // SCAFFOLD: the Observability feature registers its services here.
    public static IServiceCollection AddObservability(this IServiceCollection services, IConfiguration configuration) => services;
}

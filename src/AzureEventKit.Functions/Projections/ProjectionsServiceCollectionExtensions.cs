using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AzureEventKit.Functions.Projections;

public static class ProjectionsServiceCollectionExtensions
{
    // SCAFFOLD: the Projections feature registers its services here.
    public static IServiceCollection AddProjections(this IServiceCollection services, IConfiguration configuration) => services;
}

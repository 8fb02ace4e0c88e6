using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AzureEventKit.Functions.Projections;

public static class ProjectionsServiceCollectionExtensions
{
    /// <summary>The order timeline read model.</summary>
    public static IServiceCollection AddProjections(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSingleton<OrderTimelineProjector>();
}

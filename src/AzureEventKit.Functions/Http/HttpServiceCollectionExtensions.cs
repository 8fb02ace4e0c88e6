using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AzureEventKit.Functions.Http;

public static class HttpServiceCollectionExtensions
{
    /// <summary>What every HTTP endpoint shares: the body limit (section <c>Http</c>, validated at start-up) and its reader.</summary>
    public static IServiceCollection AddHttpApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HttpOptions>().Bind(configuration.GetSection(HttpOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RequestBodyReader>();
        return services;
    }
}

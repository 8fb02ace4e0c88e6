using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FunctionsNamespace.SubscriberName;

public static class SubscriberNameServiceCollectionExtensions
{
    /// <summary>The subscriber-name handler, which <see cref="SubscriberNameSubscriber"/> gets injected.</summary>
    public static IServiceCollection AddSubscriberName(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SubscriberNameHandler>();
        return services;
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AzureEventKit.Functions.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Declares tables the calling feature owns; <see cref="OwnedTablesInitializer"/> creates them all at start-up.
    /// Hosted services start in registration order, so call this before registering anything that writes at start-up.
    /// </summary>
    public static IServiceCollection AddOwnedTables(this IServiceCollection services, params IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            services.AddSingleton(new OwnedTable(name));
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, OwnedTablesInitializer>());
        return services;
    }
}

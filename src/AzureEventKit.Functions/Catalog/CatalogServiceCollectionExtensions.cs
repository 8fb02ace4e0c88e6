using AzureEventKit.Functions.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AzureEventKit.Functions.Catalog;

public static class CatalogServiceCollectionExtensions
{
    /// <summary>
    /// The server's prices: the Catalog table (created at start-up), its seed (section <c>Catalog</c>, validated at
    /// start-up; nothing unless configured) and <see cref="CataloguePrices"/>. Expects a <see cref="Azure.Data.Tables.TableServiceClient"/>.
    /// </summary>
    public static IServiceCollection AddCatalog(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<CatalogOptions>().Bind(configuration.GetSection(CatalogOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CatalogOptions>, CatalogOptionsValidator>();
        services.AddOwnedTables(CatalogTable.Name);
        services.AddSingleton<CataloguePrices>();
        services.AddSingleton<CatalogSeeder>();
        services.AddHostedService<CatalogSeeding>();
        return services;
    }
}

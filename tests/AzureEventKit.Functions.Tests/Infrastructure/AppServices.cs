using AzureEventKit.Functions.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AzureEventKit.Functions.Tests.Infrastructure;

/// <summary>
/// The app's real composition (<c>AddOrderWorkflow</c>, exactly what Program.cs runs) against Azurite, with the
/// Service Bus publisher swapped for a <see cref="RecordingPublisher"/> when one is given. Unless a broker's
/// connection string is given, the Service Bus client points at nothing and never connects.
/// </summary>
public static class AppServices
{
    /// <summary>The documented local-emulator connection string form; nothing listens on port 1.</summary>
    public const string UnreachableServiceBus = "Endpoint=sb://127.0.0.1:1;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;";

    public const int MaxRequestBodyBytes = 2048;

    /// <summary>
    /// Tests reuse a few customer ids for orders that stay open, so the per-customer limit is at its ceiling unless a test
    /// sets it (the limit's own tests do).
    /// </summary>
    public const int OpenOrdersPerCustomer = 1_000;

    /// <param name="azurite">Tables.</param>
    /// <param name="publisher">Replaces the Service Bus publisher when given.</param>
    /// <param name="serviceBus">The Service Bus connection string.</param>
    /// <param name="settings">More settings, for example a test's webhook secret.</param>
    /// <param name="configure">TEST-ONLY registrations after the app's own, for example a fake clock.</param>
    public static ServiceProvider Build(
        AzuriteFixture azurite,
        RecordingPublisher? publisher,
        string serviceBus = UnreachableServiceBus,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configure = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["ServiceBus"] = serviceBus,
            ["Tables"] = azurite.ConnectionString,
            ["Http:MaxRequestBodyBytes"] = MaxRequestBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orders:Limits:MaxOpenOrdersPerCustomer"] = OpenOrdersPerCustomer.ToString(System.Globalization.CultureInfo.InvariantCulture),

            // Settlement tests abandon at once; the back-off curve has its own tests on a fake clock.
            ["Messaging:TransientBackoff:FirstDelay"] = "00:00:00",
            ["Messaging:TransientBackoff:MaxDelay"] = "00:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMetrics();
        services.AddOrderWorkflow(configuration);
        if (publisher is not null)
        {
            services.AddSingleton<IEventPublisher>(publisher);
        }

        configure?.Invoke(services);

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false, ValidateScopes = true });
    }

    public static T Create<T>(this IServiceProvider services) => ActivatorUtilities.CreateInstance<T>(services);
}

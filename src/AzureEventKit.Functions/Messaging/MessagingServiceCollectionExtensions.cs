using AzureEventKit.Functions.Configuration;
using AzureEventKit.Functions.Observability;
using AzureEventKit.Functions.Storage;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AzureEventKit.Functions.Messaging;

public static class MessagingServiceCollectionExtensions
{
    /// <summary>
    /// Service Bus and Tables clients, CloudEvent mapping, the publisher and the settlement policy.
    /// Connections come from the <c>ServiceBus</c> and <c>Tables</c> sections: a connection string locally,
    /// <c>fullyQualifiedNamespace</c> / <c>serviceUri</c> plus <c>credential=managedidentity</c> and <c>clientId</c> in Azure.
    /// </summary>
    public static IServiceCollection AddMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ConnectionSettings>()
            .Configure(settings => settings.Read(configuration))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ConnectionSettings>, ConnectionSettingsValidator>();
        services.AddOptions<MessagingOptions>().Bind(configuration.GetSection(MessagingOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<MessagingOptions>>().Value);
        services.AddOptions<TransientBackoffOptions>().Bind(configuration.GetSection(TransientBackoffOptions.SectionName)).ValidateDataAnnotations()
            .Validate(static backoff => backoff.MaxDelay >= backoff.FirstDelay, "Messaging:TransientBackoff:MaxDelay must not be shorter than FirstDelay.")
            .ValidateOnStart();

        services.AddAzureClients(clients =>
        {
            clients.AddServiceBusClient(configuration.GetSection(ConnectionSettings.ServiceBusSection));
            clients.AddTableServiceClient(configuration.GetSection(ConnectionSettings.TablesSection));
        });

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OrderWorkflowTelemetry>();
        services.AddSingleton<CloudEventMessageMapper>();
        services.AddSingleton<IEventPublisher, ServiceBusEventPublisher>();
        services.AddSingleton<TransientBackoff>();
        services.AddSingleton<MessageSettlement>();
        services.AddOwnedTables(OrderTables.All);
        return services;
    }
}

using Microsoft.Extensions.Configuration;

namespace AzureEventKit.Functions.Configuration;

/// <summary>Which way each connection is configured, read once so start-up can say exactly what is missing.</summary>
public sealed class ConnectionSettings
{
    public const string ServiceBusSection = "ServiceBus";
    public const string TablesSection = "Tables";

    public bool HasServiceBus { get; private set; }

    public bool HasTables { get; private set; }

    public void Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var serviceBus = configuration.GetSection(ServiceBusSection);
        HasServiceBus = !string.IsNullOrWhiteSpace(serviceBus.Value) || !string.IsNullOrWhiteSpace(serviceBus["fullyQualifiedNamespace"]);
        var tables = configuration.GetSection(TablesSection);
        HasTables = !string.IsNullOrWhiteSpace(tables.Value) || !string.IsNullOrWhiteSpace(tables["serviceUri"]);
    }
}

using AzureEventKit.Functions.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AzureEventKit.Functions.Tests.Configuration;

/// <summary>Start-up validation of <c>AddOrderWorkflow</c>: a missing connection setting fails the start and is named.</summary>
public sealed class ConnectionSettingsTests
{
    private const string ServiceBus = "Endpoint=sb://127.0.0.1:1;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;";

    [Fact]
    public void StartupValidation_NoServiceBusNoTables_FailsNamingBothSettings()
    {
        using var services = Build([]);

        var exception = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("'ServiceBus'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("ServiceBus__fullyQualifiedNamespace", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'Tables'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Tables__serviceUri", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OptionsValue_OnlyTablesMissing_FailsNamingOnlyTables()
    {
        using var services = Build(new() { ["ServiceBus"] = ServiceBus });

        var exception = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ConnectionSettings>>().Value);

        Assert.Contains("'Tables'", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Service Bus is not configured", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StartupValidation_ConnectionStrings_Passes()
    {
        using var services = Build(new() { ["ServiceBus"] = ServiceBus, ["Tables"] = "UseDevelopmentStorage=true" });

        services.GetRequiredService<IStartupValidator>().Validate();

        Assert.True(services.GetRequiredService<IOptions<ConnectionSettings>>().Value.HasTables);
    }

    [Fact]
    public void StartupValidation_IdentityBasedSettings_Passes()
    {
        using var services = Build(new()
        {
            ["ServiceBus:fullyQualifiedNamespace"] = "contoso.servicebus.windows.net",
            ["ServiceBus:credential"] = "managedidentity",
            ["Tables:serviceUri"] = "https://contoso.table.core.windows.net",
            ["Tables:credential"] = "managedidentity",
        });

        services.GetRequiredService<IStartupValidator>().Validate();

        var settings = services.GetRequiredService<IOptions<ConnectionSettings>>().Value;
        Assert.True(settings.HasServiceBus);
        Assert.True(settings.HasTables);
    }

    [Fact]
    public void StartupValidation_BlankTopicName_FailsNamingTheSetting()
    {
        using var services = Build(new() { ["ServiceBus"] = ServiceBus, ["Tables"] = "UseDevelopmentStorage=true", ["Messaging:TopicName"] = " " });

        var exception = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Messaging__TopicName", exception.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMetrics();
        services.AddOrderWorkflow(configuration);
        return services.BuildServiceProvider();
    }
}

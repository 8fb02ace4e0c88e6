namespace AzureEventKit.Infra.Tests;

/// <summary>The function app's settings: complete for the app, identity-based, and valid on Flex Consumption.</summary>
public sealed class AppSettingsTests
{
    public static TheoryData<string> ParameterSets() => [.. InfraRuns.ParameterSets];

    [Theory]
    [MemberData(nameof(ParameterSets))]
    public async Task AppSettings_ContainEverySettingTheAppRequires(string set)
    {
        var settings = (await InfraRuns.LoadSnapshot(set)).AppSettings;

        Assert.NotEmpty(RequiredSettings.InAzure);
        Assert.All(RequiredSettings.InAzure, name => Assert.True(settings.ContainsKey(name), $"[{set}] app setting {name} is missing"));
    }

    [Theory]
    [MemberData(nameof(ParameterSets))]
    public async Task Connections_AreIdentityBased_WithTheUserAssignedIdentity(string set)
    {
        var snapshot = await InfraRuns.LoadSnapshot(set);
        var settings = snapshot.AppSettings;
        var identityId = (string)snapshot.Single("Microsoft.ManagedIdentity/userAssignedIdentities")["id"]!;
        var storageName = ((string)snapshot.Single("Microsoft.Storage/storageAccounts")["name"]!);
        var serviceBusName = ((string)snapshot.Single("Microsoft.ServiceBus/namespaces")["name"]!);

        foreach (var connection in new[] { "ServiceBus", "Tables", "AzureWebJobsStorage" })
        {
            Assert.Equal("managedidentity", settings[$"{connection}__credential"]);
            Assert.Contains(identityId, settings[$"{connection}__clientId"], StringComparison.Ordinal);
            Assert.EndsWith(").clientId]", settings[$"{connection}__clientId"], StringComparison.Ordinal);
        }

        Assert.False(settings.ContainsKey("AzureWebJobsStorage"), "a plain AzureWebJobsStorage setting would be a connection string");
        Assert.False(settings.ContainsKey("ServiceBus"), "a plain ServiceBus setting would be a connection string");
        Assert.Equal(storageName, settings["AzureWebJobsStorage__accountName"]);
        Assert.Equal($"{serviceBusName}.servicebus.windows.net", settings["ServiceBus__fullyQualifiedNamespace"]);
        Assert.Contains($"https://{{0}}.table.{{1}}', '{storageName}', environment().suffixes.storage", settings["Tables__serviceUri"], StringComparison.Ordinal);
        Assert.StartsWith("[format('ClientId={0};Authorization=AAD'", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ParameterSets))]
    public async Task OnlyTheTelemetrySetting_IsAConnectionString_AndItIsNotAnOutput(string set)
    {
        var snapshot = await InfraRuns.LoadSnapshot(set);

        var connectionStrings = snapshot.AppSettings.Keys.Where(k => k.Replace("_", "", StringComparison.Ordinal).Contains("CONNECTIONSTRING", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(["APPLICATIONINSIGHTS_CONNECTION_STRING"], connectionStrings);
        Assert.DoesNotContain("ConnectionString", snapshot.Outputs.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(ParameterSets))]
    public async Task AppSettings_AvoidSettingsFlexConsumptionRejects(string set)
    {
        var settings = (await InfraRuns.LoadSnapshot(set)).AppSettings;

        string[] rejectedOnFlex = ["FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE", "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "WEBSITE_CONTENTSHARE"];
        Assert.All(rejectedOnFlex, name => Assert.False(settings.ContainsKey(name), $"{name} is not allowed on Flex Consumption"));
        Assert.Equal("orders", settings["Messaging__TopicName"]);
        Assert.True(TimeSpan.TryParse(settings["Fulfillment__PaymentConfirmationTimeout"], System.Globalization.CultureInfo.InvariantCulture, out var timeout) && timeout > TimeSpan.Zero);
    }
}

namespace AzureEventKit.Infra.Tests;

/// <summary>The app settings the Functions app needs in Azure.</summary>
internal static class RequiredSettings
{
    /// <summary>
    /// HARD-CODED, the one place: AzureEventKit.Functions does not expose
    /// AzureEventKit.Functions.Configuration.RequiredAppSettings.InAzure yet. When it does, reference the Functions
    /// project and return that list here instead. These names are the contract agreed with the app: the
    /// ServiceBusTrigger connection "ServiceBus", the Tables client section "Tables", the host and Durable
    /// storage "AzureWebJobsStorage", telemetry, and the options classes' sections.
    /// </summary>
    public static IReadOnlyList<string> InAzure { get; } =
    [
        "ServiceBus__fullyQualifiedNamespace",
        "ServiceBus__credential",
        "ServiceBus__clientId",
        "Tables__serviceUri",
        "Tables__credential",
        "Tables__clientId",
        "AzureWebJobsStorage__accountName",
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
        "Fulfillment__PaymentConfirmationTimeout",
        "Messaging__TopicName",
    ];

    /// <summary>
    /// The subset a local run against the cloud needs: the developer's own sign-in replaces the managed identity
    /// (no __credential or __clientId), and telemetry stays local.
    /// </summary>
    public static IReadOnlyList<string> Locally { get; } =
        [.. InAzure.Where(s => !s.EndsWith("__credential", StringComparison.Ordinal)
                            && !s.EndsWith("__clientId", StringComparison.Ordinal)
                            && !s.StartsWith("APPLICATIONINSIGHTS_", StringComparison.Ordinal))];
}

namespace AzureEventKit.Functions.Configuration;

/// <summary>
/// The app settings the deployed app needs, in their environment-variable form. Bicep must set every one
/// (tests/AzureEventKit.Infra.Tests asserts it); all connections are identity-based, and the one secret is a Key Vault
/// reference, so no setting holds a secret value.
/// </summary>
public static class RequiredAppSettings
{
    public static IReadOnlyList<string> InAzure { get; } =
    [
        "AzureWebJobsStorage__accountName",
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
        "ServiceBus__fullyQualifiedNamespace",
        "ServiceBus__credential",
        "ServiceBus__clientId",
        "Tables__serviceUri",
        "Tables__credential",
        "Tables__clientId",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
        "Messaging__TopicName",
        "Fulfillment__PaymentConfirmationTimeout",
#if (!minimal)
        // A Key Vault reference to the provider's signing secret, resolved by App Service; never the value.
        "PaymentWebhook__SigningSecret",
#endif
    ];
}

namespace AzureEventKit.Functions.PaymentWebhooks;

/// <summary>How the payment provider's webhook is authenticated. Section <c>PaymentWebhook</c>.</summary>
public sealed class PaymentWebhookOptions
{
    public const string SectionName = "PaymentWebhook";

    /// <summary>The smallest accepted secret: an HMAC-SHA256 key shorter than this is guessable offline.</summary>
    public const int MinSecretLength = 32;

    /// <summary>
    /// The secret the provider signs with (HMAC-SHA256). No default. In Azure it is a Key Vault reference
    /// (<c>@Microsoft.KeyVault(SecretUri=…)</c>) that App Service resolves with the app's identity; locally it is a
    /// development value in local.settings.json. While it is missing, shorter than <see cref="MinSecretLength"/>, or an
    /// unresolved Key Vault reference, the webhook answers 503 and accepts nothing; the rest of the app keeps running.
    /// </summary>
    public string? SigningSecret { get; set; }

    /// <summary>
    /// How far the signed timestamp may be from now, either way. Default 5 minutes: long enough for the provider's
    /// queueing and clock skew, short enough that a captured request cannot be replayed later (the event-id ledger
    /// catches replays inside the window).
    /// </summary>
    public TimeSpan Tolerance { get; set; } = TimeSpan.FromMinutes(5);
}

using Azure.Core;
using Azure.Identity;

namespace AzureEventKit.Functions.Observability;

/// <summary>
/// The managed identity telemetry is sent with, read from <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c>
/// (<c>Authorization=AAD;ClientId=&lt;client id&gt;</c>), the setting infra writes for the Functions host. The worker's
/// Azure Monitor exporter reads the same value, so the host and the app sign in as the same user-assigned identity,
/// which is the one holding Monitoring Metrics Publisher; Application Insights refuses key-based ingestion.
/// </summary>
/// <param name="ClientId">The user-assigned identity's client id, or null for the system-assigned identity.</param>
internal sealed record ApplicationInsightsIdentity(string? ClientId)
{
    public const string Setting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>Null when the setting is absent (telemetry then authenticates with the connection string's key).</summary>
    /// <exception cref="InvalidOperationException">The setting is present but is not an Entra ID authentication string.</exception>
    public static ApplicationInsightsIdentity? Parse(string? authenticationString)
    {
        if (string.IsNullOrWhiteSpace(authenticationString))
        {
            return null;
        }

        string? authorization = null;
        string? clientId = null;
        foreach (var part in authenticationString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var separator = part.IndexOf('=', StringComparison.Ordinal);
            var key = separator > 0 ? part[..separator].Trim() : part;
            var value = separator > 0 ? part[(separator + 1)..].Trim() : "";
            if (key.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
            {
                authorization = value;
            }
            else if (key.Equals("ClientId", StringComparison.OrdinalIgnoreCase))
            {
                clientId = value;
            }
            else
            {
                throw Invalid($"'{key}' is not a key it understands (Authorization, ClientId)");
            }
        }

        if (!string.Equals(authorization, "AAD", StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid("it must contain Authorization=AAD");
        }

        if (clientId is not null && !Guid.TryParse(clientId, out _))
        {
            throw Invalid($"ClientId '{clientId}' is not a GUID");
        }

        return new ApplicationInsightsIdentity(clientId);
    }

    /// <summary>A managed identity credential for this identity; the exporter asks it for ingestion tokens.</summary>
    public TokenCredential CreateCredential() =>
        new ManagedIdentityCredential(ClientId is null
            ? ManagedIdentityId.SystemAssigned
            : ManagedIdentityId.FromUserAssignedClientId(ClientId));

    // The value itself is not echoed: a misplaced secret in this setting must not reach the logs.
    private static InvalidOperationException Invalid(string reason) =>
        new($"{Setting} is invalid: {reason}. Expected 'Authorization=AAD;ClientId=<client id of the user-assigned identity>'.");
}

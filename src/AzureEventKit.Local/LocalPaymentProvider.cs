using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;

namespace AzureEventKit.Local;

/// <summary>
/// LOCAL STAND-IN for the payment provider's webhook sender: it signs webhook events for an order's authorized payment
/// exactly as a provider would (HMAC-SHA256 over "{timestamp}.{body}", <c>Webhook-Timestamp</c> and
/// <c>Webhook-Signature: v1=…</c>), with the secret the app under test was given (the run command's local
/// development secret unless told otherwise).
/// </summary>
internal sealed class LocalPaymentProvider(TableServiceClient tables, string signingSecret = LocalPaymentProvider.LocalSigningSecret)
{
    /// <summary>The signing secret of local runs. Development only: in Azure the secret comes from Key Vault.</summary>
    public const string LocalSigningSecret = "local-dev-only-webhook-secret-not-for-azure-0001";

    /// <summary>
    /// The payment id the gateway issued for the order, or null while no authorization is recorded. A real provider
    /// knows its own payment ids; the stand-in reads the app's Payments table.
    /// </summary>
    public async Task<string?> AuthorizedPaymentIdAsync(string orderId, CancellationToken cancellationToken) =>
        await FirstPaymentValueAsync(orderId, "PaymentId", cancellationToken) is { Length: > 0 } paymentId ? paymentId : null;

    /// <summary>The status of the order's payment row (Authorized, Captured, Voided), or null when there is none.</summary>
    public Task<string?> PaymentStatusAsync(string orderId, CancellationToken cancellationToken) =>
        FirstPaymentValueAsync(orderId, "Status", cancellationToken);

    /// <summary>The <c>payment.approved</c> event for <paramref name="paymentId"/> of <paramref name="orderId"/> (one event id per order, as a provider's retries of one event carry one id).</summary>
    public static object Approval(string orderId, string paymentId) =>
        new { id = $"evt-approved-{orderId}", type = "payment.approved", orderId, paymentId };

    /// <summary>The <c>payment.declined</c> event for <paramref name="paymentId"/> of <paramref name="orderId"/>.</summary>
    public static object Decline(string orderId, string paymentId) =>
        new { id = $"evt-declined-{orderId}", type = "payment.declined", orderId, paymentId, reason = "insufficient funds (local stand-in)" };

    /// <summary>The webhook request carrying <paramref name="payload"/>, signed now with this provider's secret.</summary>
    public HttpRequestMessage Signed(object payload)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(payload);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        byte[] signed = [.. Encoding.UTF8.GetBytes(timestamp + "."), .. body];
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingSecret), signed);
        var request = new HttpRequestMessage(HttpMethod.Post, "api/payments/webhook") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("Webhook-Timestamp", timestamp);
        request.Headers.Add("Webhook-Signature", "v1=" + Convert.ToHexStringLower(mac));
        return request;
    }

    private async Task<string?> FirstPaymentValueAsync(string orderId, string column, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var row in tables.GetTableClient("Payments").QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {orderId}"), cancellationToken: cancellationToken))
            {
                return row.GetString(column);
            }
        }
        catch (Azure.RequestFailedException exception) when (exception.Status == 404)
        {
            // No Payments table yet (or ever: the minimal sample has no payment step).
        }

        return null;
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;

namespace AzureEventKit.Local;

/// <summary>
/// LOCAL STAND-IN for the payment provider's webhook sender: it signs a <c>payment.approved</c> event for an order's
/// authorized payment exactly as a provider would (HMAC-SHA256 over "{timestamp}.{body}", <c>Webhook-Timestamp</c> and
/// <c>Webhook-Signature: v1=…</c>), with the local development secret the run command gives the app.
/// </summary>
internal sealed class LocalPaymentProvider(TableServiceClient tables)
{
    /// <summary>The signing secret of local runs. Development only: in Azure the secret comes from Key Vault.</summary>
    public const string LocalSigningSecret = "local-dev-only-webhook-secret-not-for-azure-0001";

    /// <summary>
    /// The payment id the gateway issued for the order, or null while no authorization is recorded. A real provider
    /// knows its own payment ids; the stand-in reads the app's Payments table.
    /// </summary>
    public async Task<string?> AuthorizedPaymentIdAsync(string orderId, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var row in tables.GetTableClient("Payments").QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {orderId}"), cancellationToken: cancellationToken))
            {
                if (row.GetString("PaymentId") is { Length: > 0 } paymentId)
                {
                    return paymentId;
                }
            }
        }
        catch (Azure.RequestFailedException exception) when (exception.Status == 404)
        {
            // No Payments table yet.
        }

        return null;
    }

    /// <summary>The signed webhook request approving <paramref name="paymentId"/> of <paramref name="orderId"/>.</summary>
    public static HttpRequestMessage Approval(string orderId, string paymentId)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { id = $"evt-approved-{orderId}", type = "payment.approved", orderId, paymentId });
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        byte[] signed = [.. Encoding.UTF8.GetBytes(timestamp + "."), .. body];
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(LocalSigningSecret), signed);
        var request = new HttpRequestMessage(HttpMethod.Post, "api/payments/webhook") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("Webhook-Timestamp", timestamp);
        request.Headers.Add("Webhook-Signature", "v1=" + Convert.ToHexStringLower(mac));
        return request;
    }
}

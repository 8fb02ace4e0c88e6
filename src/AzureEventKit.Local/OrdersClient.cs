using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EventKit.Functions.Testing.Http;

namespace AzureEventKit.Local;

/// <summary>
/// The app's public HTTP API, as the demo and the bench use it: customers place and read orders as signed-in callers
/// (the X-MS-CLIENT-PRINCIPAL header App Service Authentication injects in Azure), the payment provider's stand-in
/// confirms payments with signed webhooks, and an operator counts dead letters.
/// </summary>
internal sealed class OrdersClient(HttpClient http, LocalPaymentProvider provider)
{
    /// <summary>The app role the dead-letter API requires.</summary>
    public const string OperatorRole = "EventKit.Operator";

    private readonly ConcurrentDictionary<string, string> owners = new(StringComparer.Ordinal);

    /// <summary>POST /api/orders as <paramref name="customerId"/>; returns the order id (from the body's orderId/id, else the Location header).</summary>
    public Task<string> PlaceAsync(string customerId, object order, CancellationToken cancellationToken) => PlaceAsync(customerId, order, idempotencyKey: null, cancellationToken);

    /// <summary>POST /api/orders with an <c>Idempotency-Key</c> (none when null): a repeat with the same key answers the same order.</summary>
    public async Task<string> PlaceAsync(string customerId, object order, string? idempotencyKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/orders") { Content = JsonContent.Create(order) };
        request.Headers.Add(ClientPrincipalHeader.HeaderName, ClientPrincipalHeader.Create(customerId));
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"POST /api/orders answered {(int)response.StatusCode}: {body}");
        }

        var orderId = OrderIdFrom(body) ?? response.Headers.Location?.ToString().TrimEnd('/').Split('/')[^1]
            ?? throw new HttpRequestException("POST /api/orders returned no order id.");
        owners[orderId] = customerId;
        return orderId;
    }

    /// <summary>The provider's signed <c>payment.approved</c> webhook; false while the order cannot take it yet (no authorization, 404/409).</summary>
    public Task<bool> TryConfirmPaymentAsync(string orderId, CancellationToken cancellationToken) => TrySendWebhookAsync(orderId, approve: true, cancellationToken);

    /// <summary>The provider's signed webhook, approving or declining; false while the order cannot take it (no authorization, 404/409/412).</summary>
    public async Task<bool> TrySendWebhookAsync(string orderId, bool approve, CancellationToken cancellationToken)
    {
        if (await provider.AuthorizedPaymentIdAsync(orderId, cancellationToken) is not { } paymentId)
        {
            return false;
        }

        using var request = approve ? LocalPaymentProvider.Approval(orderId, paymentId) : LocalPaymentProvider.Decline(orderId, paymentId);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return true;
        }

        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed)
        {
            return false;
        }

        throw new HttpRequestException($"POST /api/payments/webhook for order {orderId} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
    }

    /// <summary>GET /api/orders/{id}; the status string, or null while the order is not visible yet.</summary>
    public Task<OrderView?> GetAsync(string orderId, CancellationToken cancellationToken) => GetAsync(orderId, asCustomer: null, cancellationToken);

    /// <summary>GET /api/orders/{id} as <paramref name="asCustomer"/> (null: whoever placed it through this client).</summary>
    public async Task<OrderView?> GetAsync(string orderId, string? asCustomer, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/orders/{orderId}");
        request.Headers.Add(ClientPrincipalHeader.HeaderName, ClientPrincipalHeader.Create(asCustomer ?? owners.GetValueOrDefault(orderId, "local-customer")));
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var status = TryGet(json, "status", out var value) ? value.ToString() : "Unknown";
        var timeline = TryGet(json, "timeline", out var events) && events.ValueKind == JsonValueKind.Array ? events.GetArrayLength() : 0;
        var reason = TryGet(json, "failureReason", out var why) ? why.ToString() : TryGet(json, "reason", out why) ? why.ToString() : null;
        return new OrderView(status, timeline, reason, json);
    }

    /// <summary>GET /api/dead-letters; how many dead letters are recorded.</summary>
    public async Task<int> CountDeadLettersAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/dead-letters");
        request.Headers.Add(ClientPrincipalHeader.HeaderName, ClientPrincipalHeader.Create("local-operator", "Local operator", OperatorRole));
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return 0;
        }

        var json = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        if (json.ValueKind == JsonValueKind.Array)
        {
            return json.GetArrayLength();
        }

        foreach (var property in json.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Array)
            {
                return property.Value.GetArrayLength();
            }
        }

        return 0;
    }

    private static string? OrderIdFrom(string body)
    {
        if (body.Length > 0 && JsonDocument.Parse(body).RootElement is { ValueKind: JsonValueKind.Object } json)
        {
            foreach (var name in new[] { "orderId", "id" })
            {
                if (TryGet(json, name, out var id) && id.ValueKind == JsonValueKind.String)
                {
                    return id.GetString()!;
                }
            }
        }

        return null;
    }

    internal static bool TryGet(JsonElement json, string name, out JsonElement value)
    {
        if (json.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in json.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    value = property.Value;
                    return true;
                }
            }
        }

        value = default;
        return false;
    }
}

/// <summary>What GET /api/orders/{id} showed.</summary>
internal sealed record OrderView(string Status, int TimelineEntries, string? FailureReason, JsonElement Raw)
{
    public bool IsCompleted => string.Equals(Status, "Completed", StringComparison.OrdinalIgnoreCase);

    public bool IsFailed => string.Equals(Status, "Failed", StringComparison.OrdinalIgnoreCase);

    public bool IsFinished => IsCompleted || IsFailed;
}

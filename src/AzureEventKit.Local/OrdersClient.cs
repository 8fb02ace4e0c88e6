using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EventKit.Functions.Testing.Http;

namespace AzureEventKit.Local;

/// <summary>
/// The app's public HTTP API as its three kinds of callers use it, for the run command's demo, bench and soak and for
/// the end-to-end tests: customers place and read orders as signed-in callers (the X-MS-CLIENT-PRINCIPAL header App
/// Service Authentication injects in Azure), the payment provider's stand-in sends signed webhooks, and an operator
/// (holding <see cref="OperatorRole"/>) reads and replays dead letters. Reads of an order are made as the customer who
/// placed it through this client. The caller owns <paramref name="http"/> (base address and function key).
/// </summary>
internal sealed class OrdersClient(HttpClient http, LocalPaymentProvider provider, OrdersClientCallers? callers = null)
{
    /// <summary>The app role the dead-letter API requires.</summary>
    public const string OperatorRole = "EventKit.Operator";

    private readonly OrdersClientCallers callers = callers ?? OrdersClientCallers.Local;
    private readonly ConcurrentDictionary<string, string> owners = new(StringComparer.Ordinal);

    /// <summary>Which customer placed each order this client knows; reads of an order are made as its owner.</summary>
    public IReadOnlyDictionary<string, string> Owners => owners;

    /// <summary>The payment provider's stand-in this client plays.</summary>
    public LocalPaymentProvider Provider => provider;

    /// <summary>Reads of <paramref name="orderId"/> are made as <paramref name="customerId"/> (an order placed elsewhere: another client, or an event sent straight to the bus).</summary>
    public void Adopt(string orderId, string customerId) => owners[orderId] = customerId;

    /// <summary>POST /api/orders as <paramref name="customerId"/>; returns the order id (from the body's orderId/id, else the Location header).</summary>
    public Task<string> PlaceAsync(string customerId, object order, CancellationToken cancellationToken) => PlaceAsync(customerId, order, idempotencyKey: null, cancellationToken);

    /// <summary>POST /api/orders with an <c>Idempotency-Key</c> (none when null): a repeat with the same key answers the same order.</summary>
    public async Task<string> PlaceAsync(string customerId, object order, string? idempotencyKey, CancellationToken cancellationToken)
    {
        using var response = await PostOrderAsync(customerId, order, idempotencyKey, cancellationToken);
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

    /// <summary>POST /api/orders as <paramref name="customerId"/>, whatever it answers (the caller disposes the response).</summary>
    public async Task<HttpResponseMessage> PostOrderAsync(string customerId, object order, string? idempotencyKey, CancellationToken cancellationToken)
    {
        using var request = AsCustomer(HttpMethod.Post, "api/orders", customerId);
        request.Content = JsonContent.Create(order);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await http.SendAsync(request, cancellationToken);
    }

    /// <summary>The provider's signed <c>payment.approved</c> webhook; false while the order cannot take it yet (no authorization, 404/409).</summary>
    public Task<bool> TryConfirmPaymentAsync(string orderId, CancellationToken cancellationToken) => TrySendWebhookAsync(orderId, approve: true, cancellationToken);

    /// <summary>The provider's signed webhook, approving or declining; false while the order cannot take it (no authorization, 404/409/412).</summary>
    public async Task<bool> TrySendWebhookAsync(string orderId, bool approve, CancellationToken cancellationToken)
    {
        var (status, detail) = await SendPaymentWebhookAsync(orderId, approve, cancellationToken);
        if ((int)status is >= 200 and < 300)
        {
            return true;
        }

        if (status is HttpStatusCode.NotFound or HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed)
        {
            return false;
        }

        throw new HttpRequestException($"POST /api/payments/webhook for order {orderId} answered {(int)status}: {detail}");
    }

    /// <summary>
    /// Once the order's authorization is recorded, the provider's signed webhook approving (or declining) it and what the
    /// app answered; before that, 404 without a request.
    /// </summary>
    public async Task<(HttpStatusCode Status, string Detail)> SendPaymentWebhookAsync(string orderId, bool approve, CancellationToken cancellationToken)
    {
        if (await provider.AuthorizedPaymentIdAsync(orderId, cancellationToken) is not { } paymentId)
        {
            return (HttpStatusCode.NotFound, "no payment authorization recorded yet");
        }

        using var response = await SendWebhookAsync(approve ? LocalPaymentProvider.Approval(orderId, paymentId) : LocalPaymentProvider.Decline(orderId, paymentId), cancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>Posts <paramref name="payload"/> to the webhook, signed by the provider now (the caller disposes the response).</summary>
    public async Task<HttpResponseMessage> SendWebhookAsync(object payload, CancellationToken cancellationToken)
    {
        using var request = provider.Signed(payload);
        return await http.SendAsync(request, cancellationToken);
    }

    /// <summary>GET /api/orders/{id}; the status string, or null while the order is not visible yet.</summary>
    public Task<OrderView?> GetAsync(string orderId, CancellationToken cancellationToken) => GetAsync(orderId, asCustomer: null, cancellationToken);

    /// <summary>GET /api/orders/{id} as <paramref name="asCustomer"/> (null: whoever placed it through this client).</summary>
    public async Task<OrderView?> GetAsync(string orderId, string? asCustomer, CancellationToken cancellationToken) =>
        await GetOrderJsonAsync(orderId, asCustomer, cancellationToken) is { } json ? OrderView.From(json) : null;

    /// <summary>GET /api/orders/{id} as <paramref name="asCustomer"/> (null: whoever placed it through this client); the body, or null on 404.</summary>
    public async Task<JsonElement?> GetOrderJsonAsync(string orderId, string? asCustomer, CancellationToken cancellationToken)
    {
        using var response = await GetOrderResponseAsync(orderId, asCustomer ?? owners.GetValueOrDefault(orderId, callers.DefaultCustomer), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }

    /// <summary>GET /api/orders/{id} as <paramref name="caller"/>, or with no principal at all when it is null (the caller disposes the response).</summary>
    public async Task<HttpResponseMessage> GetOrderResponseAsync(string orderId, string? caller, CancellationToken cancellationToken)
    {
        using var request = AsCustomer(HttpMethod.Get, $"api/orders/{orderId}", caller);
        return await http.SendAsync(request, cancellationToken);
    }

    /// <summary>GET /api/dead-letters as the operator; the body (an error status throws).</summary>
    public async Task<JsonElement> GetDeadLettersAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsOperatorAsync(HttpMethod.Get, "api/dead-letters", content: null, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }

    /// <summary>GET /api/dead-letters; how many dead letters are recorded (0 when the API refuses).</summary>
    public async Task<int> CountDeadLettersAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsOperatorAsync(HttpMethod.Get, "api/dead-letters", content: null, cancellationToken);
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

    /// <summary>POST /api/dead-letters/{id}/replay as the operator, with an optional fix of the body (the caller disposes the response).</summary>
    public Task<HttpResponseMessage> ReplayAsync(string deadLetterId, object? fix, CancellationToken cancellationToken) =>
        SendAsOperatorAsync(HttpMethod.Post, $"api/dead-letters/{deadLetterId}/replay", JsonContent.Create(fix ?? new { }), cancellationToken);

    /// <summary>A request as the operator: a principal holding <see cref="OperatorRole"/> (the caller disposes the response).</summary>
    public async Task<HttpResponseMessage> SendAsOperatorAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add(ClientPrincipalHeader.HeaderName, OperatorPrincipal(callers));
        return await http.SendAsync(request, cancellationToken);
    }

    /// <summary>The <c>X-MS-CLIENT-PRINCIPAL</c> value of <paramref name="callers"/>' operator.</summary>
    public static string OperatorPrincipal(OrdersClientCallers callers)
    {
        ArgumentNullException.ThrowIfNull(callers);
        return ClientPrincipalHeader.Create(callers.OperatorId, callers.OperatorName, OperatorRole);
    }

    /// <summary>The value of <paramref name="name"/> (case-insensitive) in a JSON object, or false.</summary>
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

    private static HttpRequestMessage AsCustomer(HttpMethod method, string path, string? customerId)
    {
        var request = new HttpRequestMessage(method, path);
        if (customerId is not null)
        {
            request.Headers.Add(ClientPrincipalHeader.HeaderName, ClientPrincipalHeader.Create(customerId));
        }

        return request;
    }
}

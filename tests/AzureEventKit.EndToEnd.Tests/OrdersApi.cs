using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using EventKit.Functions.Testing;
using EventKit.Functions.Testing.Http;

namespace AzureEventKit.EndToEnd.Tests;

/// <summary>An order request and the signed-in customer who sends it.</summary>
public sealed record NewOrderRequest(string CustomerId, object Body);

/// <summary>
/// The app's HTTP API as its three kinds of callers use it: customers (signed in: each request carries the
/// <c>X-MS-CLIENT-PRINCIPAL</c> App Service Authentication would inject for them), the payment provider (signed
/// webhooks) and operators (function key plus the operator app role).
/// </summary>
public sealed class OrdersApi : IDisposable
{
    /// <summary>The app role the dead-letter API requires.</summary>
    public const string OperatorRole = "EventKit.Operator";

    /// <summary>Who asks when a test reads an order this client did not place.</summary>
    public const string DefaultCaller = "e2e-customer";

    /// <summary>The signing secret the fixtures give the app (TEST-ONLY value).</summary>
    public const string WebhookSecret = "e2e-test-only-webhook-secret-0123456789abcdef";

    private readonly HttpClient http;
    private readonly TableServiceClient tables;
    private readonly ConcurrentDictionary<string, string> owners = new(StringComparer.Ordinal);

    public OrdersApi(FunctionsTestHost host, TableServiceClient tables)
        : this(Check(host).BaseAddress, host.FunctionKey, tables)
    {
    }

    /// <summary>The API of an app that runs elsewhere (another process), at <paramref name="baseAddress"/> with its function key.</summary>
    public OrdersApi(Uri baseAddress, string functionKey, TableServiceClient tables)
    {
        // Every call carries its test's deadline; HttpClient's own 30-second limit would fail a slow but healthy
        // request on a busy machine (the 200-order load test's placements, queued behind each other).
        http = new HttpClient { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Add("x-functions-key", functionKey);
        this.tables = tables;
        OperatorHttp = new HttpClient { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        OperatorHttp.DefaultRequestHeaders.Add("x-functions-key", functionKey);
        OperatorHttp.DefaultRequestHeaders.Add(ClientPrincipalHeader.HeaderName, ClientPrincipalHeader.Create("e2e-operator", "Operator", OperatorRole));
    }

    /// <summary>Which customer placed each order this client knows; reads of an order are made as its owner.</summary>
    public IReadOnlyDictionary<string, string> Owners => owners;

    /// <summary>Reads of <paramref name="orderId"/> are made as <paramref name="customerId"/> (an order placed elsewhere: another client, or an event sent straight to the bus).</summary>
    public void Adopt(string orderId, string customerId) => owners[orderId] = customerId;

    /// <summary>An operator's client: function key and a principal holding <see cref="OperatorRole"/>.</summary>
    public HttpClient OperatorHttp { get; }

    public static NewOrderRequest NewOrder(string customerId, string sku, int quantity = 1) => new(customerId, new
    {
        customerEmail = $"{customerId}@example.com",
        currency = "EUR",
        items = new[] { new { sku, quantity } },
    });

    /// <summary>POST /api/orders as the order's customer, for tests that assert a refusal (the caller disposes the response).</summary>
    public async Task<HttpResponseMessage> PostOrderAsync(NewOrderRequest order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        using var request = AsCustomer(HttpMethod.Post, "api/orders", order.CustomerId);
        request.Content = JsonContent.Create(order.Body);
        return await http.SendAsync(request, cancellationToken);
    }

    public async Task<string> PlaceAsync(NewOrderRequest order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        using var request = AsCustomer(HttpMethod.Post, "api/orders", order.CustomerId);
        request.Content = JsonContent.Create(order.Body);
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"POST /api/orders answered {(int)response.StatusCode}: {body}");
        var json = JsonDocument.Parse(body).RootElement;
        var orderId = (Find(json, "orderId") ?? Find(json, "id"))?.GetString()
            ?? response.Headers.Location!.ToString().TrimEnd('/').Split('/')[^1];
        owners[orderId] = order.CustomerId;
        return orderId;
    }

    public async Task<HttpStatusCode> ConfirmPaymentAsync(string orderId, CancellationToken cancellationToken) =>
        (await ConfirmPaymentWithDetailAsync(orderId, cancellationToken)).Status;

    /// <summary>
    /// Plays the payment provider: once the order's authorization is recorded, posts a signed <c>payment.approved</c>
    /// webhook for it (one event id per order, as a provider's retries of one event carry one id). Before that, 404.
    /// </summary>
    public async Task<(HttpStatusCode Status, string Detail)> ConfirmPaymentWithDetailAsync(string orderId, CancellationToken cancellationToken)
    {
        var paymentId = await AuthorizedPaymentIdAsync(orderId, cancellationToken);
        if (paymentId is null)
        {
            return (HttpStatusCode.NotFound, "no payment authorization recorded yet");
        }

        using var response = await SendWebhookAsync(new { id = $"evt-approved-{orderId}", type = "payment.approved", orderId, paymentId }, cancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>Posts <paramref name="payload"/> to the webhook, signed with <see cref="WebhookSecret"/> now.</summary>
    public async Task<HttpResponseMessage> SendWebhookAsync(object payload, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(payload);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signed = Encoding.UTF8.GetBytes(timestamp + ".").Concat(body).ToArray();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/payments/webhook") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("Webhook-Timestamp", timestamp);
        request.Headers.Add("Webhook-Signature", "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(WebhookSecret), signed)));
        return await http.SendAsync(request, cancellationToken);
    }

    /// <summary>Confirms the payment as soon as the saga accepts it (the webhook answers 404/409 until the order is awaiting payment).</summary>
    public async Task ConfirmWhenAcceptedAsync(string orderId, CancellationToken cancellationToken)
    {
        var last = string.Empty;
        try
        {
            while (true)
            {
                var (status, detail) = await ConfirmPaymentWithDetailAsync(orderId, cancellationToken);
                if ((int)status is >= 200 and < 300)
                {
                    return;
                }

                Assert.True(status is HttpStatusCode.NotFound or HttpStatusCode.Conflict, $"the payment webhook answered {(int)status}: {detail}");
                last = $"{(int)status}: {detail}";
                await Task.Delay(50, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"The saga never accepted the payment confirmation for {orderId}; last answer {last}");
        }
    }

    /// <summary>GET /api/orders/{id} as <paramref name="asCaller"/> (default: whoever placed it through this client); null on 404.</summary>
    public async Task<JsonElement?> GetOrderAsync(string orderId, CancellationToken cancellationToken, string? asCaller = null)
    {
        using var response = await GetOrderResponseAsync(orderId, asCaller ?? owners.GetValueOrDefault(orderId, DefaultCaller), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }

    /// <summary>GET /api/orders/{id} as <paramref name="caller"/>, or with no principal at all when it is null.</summary>
    public async Task<HttpResponseMessage> GetOrderResponseAsync(string orderId, string? caller, CancellationToken cancellationToken)
    {
        using var request = AsCustomer(HttpMethod.Get, $"api/orders/{orderId}", caller);
        return await http.SendAsync(request, cancellationToken);
    }

    public static string? Status(JsonElement? order) => order is { } json ? Find(json, "status")?.ToString() : null;

    /// <summary>Polls GET /api/orders/{id} until its status is one of <paramref name="statuses"/>.</summary>
    public async Task<JsonElement> WaitForStatusAsync(string orderId, CancellationToken cancellationToken, params string[] statuses)
    {
        while (true)
        {
            var order = await GetOrderAsync(orderId, cancellationToken);
            if (statuses.Contains(Status(order), StringComparer.OrdinalIgnoreCase))
            {
                return order!.Value;
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    public async Task<JsonElement> GetDeadLettersAsync(CancellationToken cancellationToken) =>
        await OperatorHttp.GetFromJsonAsync<JsonElement>("api/dead-letters", cancellationToken);

    public async Task<HttpResponseMessage> ReplayAsync(string deadLetterId, object? fix, CancellationToken cancellationToken) =>
        await OperatorHttp.PostAsJsonAsync($"api/dead-letters/{deadLetterId}/replay", fix ?? new { }, cancellationToken);

    public static JsonElement? Find(JsonElement json, string name)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in json.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    public void Dispose()
    {
        http.Dispose();
        OperatorHttp.Dispose();
    }

    private static FunctionsTestHost Check(FunctionsTestHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host;
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

    /// <summary>The status of the order's payment row (Authorized, Captured, Voided), or null when there is none.</summary>
    public async Task<string?> PaymentStatusAsync(string orderId, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var row in tables.GetTableClient("Payments").QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {orderId}"), cancellationToken: cancellationToken))
            {
                return row.GetString("Status");
            }
        }
        catch (Azure.RequestFailedException exception) when (exception.Status == 404)
        {
            // No Payments table yet.
        }

        return null;
    }

    /// <summary>
    /// The payment id the provider issued for the order, read from the app's Payments table (the test knows what the
    /// provider knows; a real provider has its own record). Null until an authorized row exists.
    /// </summary>
    private async Task<string?> AuthorizedPaymentIdAsync(string orderId, CancellationToken cancellationToken)
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
            // No Payments table (the minimal sample has no payment step).
        }

        return null;
    }
}

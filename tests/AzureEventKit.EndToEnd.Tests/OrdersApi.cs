using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using AzureEventKit.Local;
using EventKit.Functions.Testing;
using EventKit.Functions.Testing.Http;

namespace AzureEventKit.EndToEnd.Tests;

/// <summary>An order request and the signed-in customer who sends it.</summary>
public sealed record NewOrderRequest(string CustomerId, object Body);

/// <summary>
/// The end-to-end tests' view of the app's HTTP API: the run command's <see cref="OrdersClient"/> (customers, the
/// payment provider's signed webhooks, operators) with the fixtures' callers and webhook secret, plus what only tests
/// need: order requests, waits bounded by the test's deadline, and an operator's raw <see cref="HttpClient"/>.
/// </summary>
public sealed class OrdersApi : IDisposable
{
    /// <summary>The app role the dead-letter API requires.</summary>
    public const string OperatorRole = OrdersClient.OperatorRole;

    /// <summary>Who asks when a test reads an order this client did not place.</summary>
    public const string DefaultCaller = "e2e-customer";

    /// <summary>The signing secret the fixtures give the app (TEST-ONLY value).</summary>
    public const string WebhookSecret = "e2e-test-only-webhook-secret-0123456789abcdef";

    private static readonly OrdersClientCallers Callers = new(DefaultCaller, "e2e-operator", "Operator");

    private readonly HttpClient http;
    private readonly LocalPaymentProvider provider;
    private readonly OrdersClient client;

    public OrdersApi(FunctionsTestHost host, TableServiceClient tables)
        : this(Check(host).BaseAddress, host.FunctionKey, tables)
    {
    }

    /// <summary>The API of an app that runs elsewhere (another process), at <paramref name="baseAddress"/> with its function key.</summary>
    public OrdersApi(Uri baseAddress, string functionKey, TableServiceClient tables)
    {
        http = Connect(baseAddress, functionKey);
        provider = new LocalPaymentProvider(tables, WebhookSecret);
        client = new OrdersClient(http, provider, Callers);
        OperatorHttp = Connect(baseAddress, functionKey);
        OperatorHttp.DefaultRequestHeaders.Add(ClientPrincipalHeader.HeaderName, OrdersClient.OperatorPrincipal(Callers));
    }

    /// <summary>Which customer placed each order this client knows; reads of an order are made as its owner.</summary>
    public IReadOnlyDictionary<string, string> Owners => client.Owners;

    /// <summary>Reads of <paramref name="orderId"/> are made as <paramref name="customerId"/> (an order placed elsewhere: another client, or an event sent straight to the bus).</summary>
    public void Adopt(string orderId, string customerId) => client.Adopt(orderId, customerId);

    /// <summary>An operator's client: function key and a principal holding <see cref="OperatorRole"/>.</summary>
    public HttpClient OperatorHttp { get; }

    public static NewOrderRequest NewOrder(string customerId, string sku, int quantity = 1) => new(customerId, new
    {
        customerEmail = $"{customerId}@example.com",
        currency = "EUR",
        items = new[] { new { sku, quantity } },
    });

    /// <summary>POST /api/orders as the order's customer, for tests that assert a refusal (the caller disposes the response).</summary>
    public Task<HttpResponseMessage> PostOrderAsync(NewOrderRequest order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        return client.PostOrderAsync(order.CustomerId, order.Body, idempotencyKey: null, cancellationToken);
    }

    public Task<string> PlaceAsync(NewOrderRequest order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        return client.PlaceAsync(order.CustomerId, order.Body, cancellationToken);
    }

    public async Task<HttpStatusCode> ConfirmPaymentAsync(string orderId, CancellationToken cancellationToken) =>
        (await ConfirmPaymentWithDetailAsync(orderId, cancellationToken)).Status;

    /// <summary>
    /// Plays the payment provider: once the order's authorization is recorded, posts a signed <c>payment.approved</c>
    /// webhook for it (one event id per order, as a provider's retries of one event carry one id). Before that, 404.
    /// </summary>
    public Task<(HttpStatusCode Status, string Detail)> ConfirmPaymentWithDetailAsync(string orderId, CancellationToken cancellationToken) =>
        client.SendPaymentWebhookAsync(orderId, approve: true, cancellationToken);

    /// <summary>Posts <paramref name="payload"/> to the webhook, signed with <see cref="WebhookSecret"/> now.</summary>
    public Task<HttpResponseMessage> SendWebhookAsync(object payload, CancellationToken cancellationToken) =>
        client.SendWebhookAsync(payload, cancellationToken);

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
    public Task<JsonElement?> GetOrderAsync(string orderId, CancellationToken cancellationToken, string? asCaller = null) =>
        client.GetOrderJsonAsync(orderId, asCaller, cancellationToken);

    /// <summary>GET /api/orders/{id} as <paramref name="caller"/>, or with no principal at all when it is null.</summary>
    public Task<HttpResponseMessage> GetOrderResponseAsync(string orderId, string? caller, CancellationToken cancellationToken) =>
        client.GetOrderResponseAsync(orderId, caller, cancellationToken);

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

    public Task<JsonElement> GetDeadLettersAsync(CancellationToken cancellationToken) => client.GetDeadLettersAsync(cancellationToken);

    public Task<HttpResponseMessage> ReplayAsync(string deadLetterId, object? fix, CancellationToken cancellationToken) =>
        client.ReplayAsync(deadLetterId, fix, cancellationToken);

    /// <summary>The status of the order's payment row (Authorized, Captured, Voided), or null when there is none.</summary>
    public Task<string?> PaymentStatusAsync(string orderId, CancellationToken cancellationToken) =>
        provider.PaymentStatusAsync(orderId, cancellationToken);

    public static JsonElement? Find(JsonElement json, string name) => OrdersClient.TryGet(json, name, out var value) ? value : null;

    public void Dispose()
    {
        http.Dispose();
        OperatorHttp.Dispose();
    }

    // Every call carries its test's deadline; HttpClient's own 30-second limit would fail a slow but healthy request on
    // a busy machine (the 200-order load test's placements, queued behind each other).
    private static HttpClient Connect(Uri baseAddress, string functionKey)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.Add("x-functions-key", functionKey);
        return client;
    }

    private static FunctionsTestHost Check(FunctionsTestHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host;
    }
}

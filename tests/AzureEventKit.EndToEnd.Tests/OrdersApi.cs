using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AzureEventKit.EndToEnd.Tests;

/// <summary>The app's HTTP API as a test client: place, confirm payment, read, dead letters, replay.</summary>
public sealed class OrdersApi(HttpClient http) : IDisposable
{
    public HttpClient Http => http;

    /// <summary>A PlaceOrder body: SKU and quantity only, because the server prices every line from its catalogue.</summary>
    public static object NewOrder(string customerId, string sku, int quantity = 1) => new
    {
        customerId,
        customerEmail = $"{customerId}@example.com",
        currency = "EUR",
        items = new[] { new { sku, quantity } },
    };

    public async Task<string> PlaceAsync(object order, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("api/orders", order, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"POST /api/orders answered {(int)response.StatusCode}: {body}");
        var json = JsonDocument.Parse(body).RootElement;
        return (Find(json, "orderId") ?? Find(json, "id"))?.GetString()
            ?? response.Headers.Location!.ToString().TrimEnd('/').Split('/')[^1];
    }

    public async Task<HttpStatusCode> ConfirmPaymentAsync(string orderId, CancellationToken cancellationToken) =>
        (await ConfirmPaymentWithDetailAsync(orderId, cancellationToken)).Status;

    public async Task<(HttpStatusCode Status, string Detail)> ConfirmPaymentWithDetailAsync(string orderId, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync($"api/orders/{orderId}/payment-confirmation", content: null, cancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>Confirms the payment as soon as the saga accepts it (it answers 404/409 until the order is awaiting payment).</summary>
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

                Assert.True(status is HttpStatusCode.NotFound or HttpStatusCode.Conflict, $"payment-confirmation answered {(int)status}: {detail}");
                last = $"{(int)status}: {detail}";
                await Task.Delay(50, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"The saga never accepted the payment confirmation for {orderId}; last answer {last}");
        }
    }

    public async Task<JsonElement?> GetOrderAsync(string orderId, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"api/orders/{orderId}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
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
        await http.GetFromJsonAsync<JsonElement>("api/dead-letters", cancellationToken);

    public async Task<HttpResponseMessage> ReplayAsync(string deadLetterId, object? fix, CancellationToken cancellationToken) =>
        await http.PostAsJsonAsync($"api/dead-letters/{deadLetterId}/replay", fix ?? new { }, cancellationToken);

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

    public void Dispose() => http.Dispose();
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AzureEventKit.Local;

/// <summary>The app's public HTTP API, as the demo and the bench use it: place, confirm payment, read status.</summary>
internal sealed class OrdersClient(HttpClient http)
{
    /// <summary>POST /api/orders; returns the order id (from the body's orderId/id, else the Location header).</summary>
    public async Task<string> PlaceAsync(object order, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("api/orders", order, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"POST /api/orders answered {(int)response.StatusCode}: {body}");
        }

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

        return response.Headers.Location?.ToString().TrimEnd('/').Split('/')[^1]
            ?? throw new HttpRequestException("POST /api/orders returned no order id.");
    }

    /// <summary>POST /api/orders/{id}/payment-confirmation; false while the order cannot take it yet (404/409).</summary>
    public async Task<bool> TryConfirmPaymentAsync(string orderId, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync($"api/orders/{orderId}/payment-confirmation", new { paymentId = (string?)null }, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return true;
        }

        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed)
        {
            return false;
        }

        throw new HttpRequestException($"POST /api/orders/{orderId}/payment-confirmation answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
    }

    /// <summary>GET /api/orders/{id}; the status string, or null while the order is not visible yet.</summary>
    public async Task<OrderView?> GetAsync(string orderId, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"api/orders/{orderId}", cancellationToken);
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
        using var response = await http.GetAsync("api/dead-letters", cancellationToken);
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

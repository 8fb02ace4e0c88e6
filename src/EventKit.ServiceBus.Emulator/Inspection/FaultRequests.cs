using System.Globalization;
using System.Text.Json;

namespace EventKit.ServiceBus.Emulator.Inspection;

/// <summary>
/// The inspection port's fault routes, for scripts and tools other than .NET:
/// <c>POST /faults/connections/drop</c>; <c>POST /faults/links/refuse?seconds=N</c>;
/// <c>POST /faults/sends/{entity}?count=N&amp;error=server-busy|internal-error</c>;
/// <c>POST /faults/deliveries/delay?seconds=D&amp;for=W</c>; <c>GET /faults</c>; <c>DELETE /faults</c>.
/// </summary>
internal sealed class FaultRequests(EmulatorFaults faults)
{
    private const string Root = "faults";
    private const string SendsPrefix = "faults/sends/";

    public static bool IsFaultPath(string path) =>
        string.Equals(path, Root, StringComparison.OrdinalIgnoreCase) || path.StartsWith(Root + "/", StringComparison.OrdinalIgnoreCase);

    public HttpResponse Handle(HttpRequest request)
    {
        var path = request.Path;
        return (request.Method, path.ToUpperInvariant()) switch
        {
            ("GET", "FAULTS") => State(200),
            ("DELETE", "FAULTS") => Clear(),
            ("POST", "FAULTS/CONNECTIONS/DROP") => Drop(),
            ("POST", "FAULTS/LINKS/REFUSE") => RefuseLinks(request),
            ("POST", "FAULTS/DELIVERIES/DELAY") => DelayDeliveries(request),
            ("POST", _) when path.StartsWith(SendsPrefix, StringComparison.OrdinalIgnoreCase) => FailSends(request, path[SendsPrefix.Length..]),
            _ => HttpResponse.Problem(404, "Unknown fault", $"{request.Method} /{path} is not a fault route. Use POST /faults/connections/drop, POST /faults/links/refuse?seconds=N, POST /faults/deliveries/delay?seconds=D&for=W, POST /faults/sends/{{entity}}?count=N&error=server-busy|internal-error, GET /faults or DELETE /faults."),
        };
    }

    private HttpResponse Clear()
    {
        faults.Clear();
        return State(200);
    }

    private HttpResponse Drop()
    {
        faults.DropConnections();
        return State(202);
    }

    private HttpResponse RefuseLinks(HttpRequest request)
    {
        if (!request.Query.TryGetValue("seconds", out var text) || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds is < 0 or > 3600)
        {
            return HttpResponse.Problem(400, "Invalid duration", "Give ?seconds= as a number from 0 to 3600 (0 accepts links again).");
        }

        faults.RefuseLinks(TimeSpan.FromSeconds(seconds));
        return State(202);
    }

    private HttpResponse DelayDeliveries(HttpRequest request)
    {
        if (!Seconds(request, "seconds", out var delay))
        {
            return HttpResponse.Problem(400, "Invalid delay", "Give ?seconds= (how long each delivery is held) as a number from 0 to 3600 (0 stops delaying).");
        }

        if (!Seconds(request, "for", out var duration))
        {
            return HttpResponse.Problem(400, "Invalid duration", "Give ?for= (how long deliveries are delayed, from now) as a number of seconds from 0 to 3600.");
        }

        faults.DelayDeliveries(delay, duration);
        return State(202);
    }

    private static bool Seconds(HttpRequest request, string name, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (!request.Query.TryGetValue(name, out var text) || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds is < 0 or > 3600)
        {
            return false;
        }

        value = TimeSpan.FromSeconds(seconds);
        return true;
    }

    private HttpResponse FailSends(HttpRequest request, string entity)
    {
        if (!request.Query.TryGetValue("count", out var text) || !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) || count is < 0 or > 1_000_000)
        {
            return HttpResponse.Problem(400, "Invalid count", "Give ?count= as a whole number from 0 to 1000000 (0 stops failing sends).");
        }

        var error = request.Query.TryGetValue("error", out var name) ? name.ToLowerInvariant() : "server-busy";
        SendFault? fault = error switch
        {
            "server-busy" => SendFault.ServerBusy,
            "internal-error" => SendFault.InternalError,
            _ => null,
        };
        if (fault is null)
        {
            return HttpResponse.Problem(400, "Unknown error", $"'{name}' is not a send fault; use error=server-busy or error=internal-error.");
        }

        if (string.IsNullOrWhiteSpace(entity))
        {
            return HttpResponse.Problem(400, "Missing entity", "Name the queue or topic: POST /faults/sends/{entity}?count=N.");
        }

        faults.FailNextSends(entity, count, fault.Value);
        return State(202);
    }

    private HttpResponse State(int status) => HttpResponse.Json(status, JsonSerializer.Serialize(new
    {
        refusingLinksUntil = faults.RefusingLinksUntil,
        delayingDeliveriesUntil = faults.DelayingDeliveriesUntil,
        deliveryDelaySeconds = faults.DeliveryDelay.TotalSeconds,
        pendingSendFailures = faults.PendingSendFailures(),
        connectionsDropped = faults.ConnectionsDropped,
        linksRefused = faults.LinksRefused,
        sendsFailed = faults.SendsFailed,
        deliveriesDelayed = faults.DeliveriesDelayed,
    }));
}

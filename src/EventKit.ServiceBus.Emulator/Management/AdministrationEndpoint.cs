using System.Globalization;
using System.Xml.Linq;
using EventKit.ServiceBus.Emulator.Inspection;

namespace EventKit.ServiceBus.Emulator.Management;

/// <summary>
/// The HTTP side of runtime management, in the shape <c>ServiceBusAdministrationClient</c> speaks: Atom entries over
/// GET (read), PUT (create; with <c>If-Match: *</c>, update) and DELETE, on <c>{queue|topic}</c>,
/// <c>{topic}/Subscriptions/{subscription}</c> and <c>…/Rules/{rule}</c>; feeds at <c>$Resources/queues</c>,
/// <c>$Resources/topics</c>, <c>{topic}/Subscriptions</c> and <c>…/Rules</c> with <c>$skip</c> and <c>$top</c>;
/// namespace properties at <c>$namespaceinfo</c>. Errors use Azure's <c>&lt;Error&gt;</c> document.
/// </summary>
internal sealed class AdministrationEndpoint(EntityAdministration administration)
{
    private const int MaxPageSize = 100;

    public HttpResponse Handle(HttpRequest request, Uri baseAddress)
    {
        var writer = new AtomEntryWriter(baseAddress);
        try
        {
            return Route(request, writer);
        }
        catch (AdministrationException exception)
        {
            return Error(exception.Status, exception.Message);
        }
    }

    private HttpResponse Route(HttpRequest request, AtomEntryWriter writer)
    {
        var path = request.Path;
        if (string.Equals(path, "$namespaceinfo", StringComparison.OrdinalIgnoreCase))
        {
            RequireGet(request);
            return Entry(200, administration.GetNamespace(writer));
        }

        if (string.Equals(path, "$Resources/queues", StringComparison.OrdinalIgnoreCase) || string.Equals(path, "$Resources/topics", StringComparison.OrdinalIgnoreCase))
        {
            RequireGet(request);
            var (skip, top) = Page(request);
            return Feed(administration.ListQueuesOrTopics(path.EndsWith("queues", StringComparison.OrdinalIgnoreCase), skip, top, writer));
        }

        if (path.Length == 0)
        {
            throw AdministrationException.BadRequest("The request names no entity.");
        }

        var segments = path.Split('/');
        var subscriptions = Array.FindIndex(segments, 1, s => string.Equals(s, "Subscriptions", StringComparison.OrdinalIgnoreCase));
        if (subscriptions < 0)
        {
            return Entity(request, path, writer);
        }

        var topic = string.Join('/', segments[..subscriptions]);
        var rest = segments[(subscriptions + 1)..];
        switch (rest.Length)
        {
            case 0:
                RequireGet(request);
                var (skip, top) = Page(request);
                return Feed(administration.ListSubscriptions(topic, skip, top, writer));
            case 1:
                return Subscription(request, topic, rest[0], writer);
            case 2 or 3 when string.Equals(rest[1], "Rules", StringComparison.OrdinalIgnoreCase):
                return rest.Length == 2 ? ListRules(request, topic, rest[0], writer) : Rule(request, topic, rest[0], rest[2], writer);
            default:
                throw AdministrationException.BadRequest($"'{path}' is not a queue, topic, subscription or rule address.");
        }
    }

    private HttpResponse Entity(HttpRequest request, string name, AtomEntryWriter writer)
    {
        switch (request.Method)
        {
            case "GET":
                return Entry(200, administration.GetQueueOrTopic(name, writer));
            case "PUT":
                var (created, entry) = administration.PutQueueOrTopic(name, request.Body, IsUpdate(request), writer);
                return Entry(created ? 201 : 200, entry);
            case "DELETE":
                administration.DeleteQueueOrTopic(name);
                return Deleted();
            default:
                return MethodNotAllowed(request);
        }
    }

    private HttpResponse Subscription(HttpRequest request, string topic, string name, AtomEntryWriter writer)
    {
        switch (request.Method)
        {
            case "GET":
                return Entry(200, administration.GetSubscription(topic, name, writer));
            case "PUT":
                var (created, entry) = administration.PutSubscription(topic, name, request.Body, IsUpdate(request), writer);
                return Entry(created ? 201 : 200, entry);
            case "DELETE":
                administration.DeleteSubscription(topic, name);
                return Deleted();
            default:
                return MethodNotAllowed(request);
        }
    }

    private HttpResponse ListRules(HttpRequest request, string topic, string subscription, AtomEntryWriter writer)
    {
        RequireGet(request);
        var (skip, top) = Page(request);
        return Feed(administration.ListRules(topic, subscription, skip, top, writer));
    }

    private HttpResponse Rule(HttpRequest request, string topic, string subscription, string name, AtomEntryWriter writer)
    {
        switch (request.Method)
        {
            case "GET":
                return Entry(200, administration.GetRule(topic, subscription, name, writer));
            case "PUT":
                var (created, entry) = administration.PutRule(topic, subscription, name, request.Body, IsUpdate(request), writer);
                return Entry(created ? 201 : 200, entry);
            case "DELETE":
                administration.DeleteRule(topic, subscription, name);
                return Deleted();
            default:
                return MethodNotAllowed(request);
        }
    }

    /// <summary>The SDK marks an update with <c>If-Match: *</c>; a PUT without it creates and fails with 409 when the entity exists.</summary>
    private static bool IsUpdate(HttpRequest request) => request.Headers.ContainsKey("If-Match");

    private static (int Skip, int Top) Page(HttpRequest request) =>
        (QueryNumber(request, "$skip", 0), Math.Min(QueryNumber(request, "$top", MaxPageSize), MaxPageSize));

    private static int QueryNumber(HttpRequest request, string name, int fallback)
    {
        if (!request.Query.TryGetValue(name, out var text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw AdministrationException.BadRequest($"Query parameter '{name}' must be a non-negative integer, not '{text}'.");
    }

    private static void RequireGet(HttpRequest request)
    {
        if (request.Method != "GET")
        {
            throw new AdministrationException(405, $"{request.Method} is not allowed on '{request.Path}'; use GET.");
        }
    }

    private static HttpResponse MethodNotAllowed(HttpRequest request) =>
        Error(405, $"{request.Method} is not allowed on '{request.Path}'; use GET, PUT or DELETE.");

    private static HttpResponse Entry(int status, XElement entry) => new(status, "application/atom+xml;type=entry", entry.ToString(SaveOptions.DisableFormatting));

    private static HttpResponse Feed(XElement feed) => new(200, "application/atom+xml;type=feed", feed.ToString(SaveOptions.DisableFormatting));

    private static HttpResponse Deleted() => new(200, "application/xml", string.Empty);

    private static HttpResponse Error(int status, string detail) =>
        new(status, "application/xml", new XElement("Error", new XElement("Code", status), new XElement("Detail", detail)).ToString(SaveOptions.DisableFormatting));
}

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using AzureEventKit.Contracts;
using EventKit.ServiceBus.Emulator;

namespace AzureEventKit.Functions.Tests.Documents;

/// <summary>
/// Builds the AsyncAPI 3.0 document of the order events (docs/api/asyncapi.json) from what the code and the topology
/// say: one message per contract in <see cref="EventCatalog"/> (payload = the CloudEvent envelope around the contract's
/// JSON schema, exported from the same serializer options the app uses), the topic the app publishes to, and one
/// channel and receive operation per subscription with the event types its rules let through.
/// </summary>
public static class EventsDocument
{
    public const string RelativePath = "docs/api/asyncapi.json";

    public static JsonObject Build(EmulatorTopology topology, IReadOnlyDictionary<(string Topic, string Subscription), IReadOnlyList<string>> routing)
    {
        var contracts = EventCatalog.EventTypes
            .Order(StringComparer.Ordinal)
            .Select(eventType => (EventType: eventType, Type: TypeOf(eventType)))
            .ToList();
        var messageNames = contracts.ToDictionary(c => c.EventType, c => c.Type.Name, StringComparer.Ordinal);

        var channels = new JsonObject();
        var operations = new JsonObject();
        foreach (var topic in topology.Topics)
        {
            channels[topic.Name] = new JsonObject
            {
                ["address"] = topic.Name,
                ["title"] = $"Topic {topic.Name}",
                ["description"] = "Every order event is published here once, as a structured CloudEvent. A new subscriber adds a subscription; the producer does not change.",
                ["messages"] = MessageRefs(contracts.Select(c => c.Type.Name)),
            };
            operations[$"publish-{topic.Name}"] = new JsonObject
            {
                ["action"] = "send",
                ["channel"] = Ref($"#/channels/{topic.Name}"),
                ["summary"] = "The app publishes every order event to the topic (MessageId = event id, so duplicate detection absorbs a republish).",
                ["messages"] = OperationRefs(topic.Name, contracts.Select(c => c.Type.Name)),
            };

            foreach (var subscription in topic.Subscriptions)
            {
                var channelId = $"{topic.Name}-{subscription.Name}";
                var received = routing[(topic.Name, subscription.Name)].Select(eventType => messageNames[eventType]).ToList();
                channels[channelId] = new JsonObject
                {
                    ["address"] = $"{topic.Name}/Subscriptions/{subscription.Name}",
                    ["title"] = $"Subscription {subscription.Name}",
                    ["description"] = string.Join(" ", subscription.Rules.Select(DescribeRule)),
                    ["messages"] = MessageRefs(received),
                };
                operations[$"receive-{channelId}"] = new JsonObject
                {
                    ["action"] = "receive",
                    ["channel"] = Ref($"#/channels/{channelId}"),
                    ["summary"] = $"Subscription {subscription.Name} receives these events; what it cannot process is dead-lettered with a reason.",
                    ["messages"] = OperationRefs(channelId, received),
                };
            }
        }

        var messages = new JsonObject();
        var schemas = new JsonObject();
        foreach (var (eventType, type) in contracts)
        {
            messages[type.Name] = new JsonObject
            {
                ["name"] = eventType,
                ["title"] = type.Name,
                ["contentType"] = "application/cloudevents+json",
                ["headers"] = Ref("#/components/schemas/ServiceBusApplicationProperties"),
                ["payload"] = Envelope(eventType, type.Name),
            };
            schemas[type.Name] = SchemaOf(type);
        }

        schemas["ServiceBusApplicationProperties"] = new JsonObject
        {
            ["type"] = "object",
            ["description"] = "Application properties set by the publisher. Broker properties: MessageId = CloudEvent id, CorrelationId = order id, Subject = CloudEvent type (what subscription rules filter on), ContentType = application/cloudevents+json.",
            ["properties"] = new JsonObject
            {
                ["traceparent"] = new JsonObject { ["type"] = "string", ["description"] = "W3C trace context of the publishing operation." },
                ["tracestate"] = new JsonObject { ["type"] = "string", ["description"] = "W3C trace state, when the publisher had one." },
            },
        };

        return new JsonObject
        {
            ["asyncapi"] = "3.0.0",
            ["info"] = new JsonObject
            {
                ["title"] = "AzureEventKit order events",
                ["version"] = "1.0.0",
                ["description"] = "The events the order workflow publishes on Service Bus, and which subscription receives which. Generated from the contracts and infra/servicebus.topology.json; see docs/contracts.md for how events evolve.",
            },
            ["defaultContentType"] = "application/cloudevents+json",
            ["servers"] = new JsonObject
            {
                ["azure"] = new JsonObject
                {
                    ["host"] = "{namespace}.servicebus.windows.net",
                    ["protocol"] = "amqp",
                    ["protocolVersion"] = "1.0",
                    ["description"] = "The Service Bus namespace azd deploys; clients authenticate with Microsoft Entra ID (managed identity), never keys.",
                    ["variables"] = new JsonObject { ["namespace"] = new JsonObject { ["description"] = "The namespace name from the azd environment." } },
                },
                ["local"] = new JsonObject
                {
                    ["host"] = "127.0.0.1:5672",
                    ["protocol"] = "amqp",
                    ["protocolVersion"] = "1.0",
                    ["description"] = "The kit's Service Bus emulator, as the run command starts it.",
                },
            },
            ["channels"] = channels,
            ["operations"] = operations,
            ["components"] = new JsonObject { ["messages"] = messages, ["schemas"] = schemas },
        };
    }

    /// <summary>The document as it is written to disk: indented, LF line ends, a final newline.</summary>
    public static string Serialize(JsonObject document) =>
        document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).ReplaceLineEndings("\n") + "\n";

    private static Type TypeOf(string eventType) =>
        EventCatalog.TryGetTypeInfo(eventType, out var typeInfo) ? typeInfo.Type : throw new InvalidOperationException(eventType);

    private static JsonObject Envelope(string eventType, string schemaName) => new()
    {
        ["type"] = "object",
        ["required"] = new JsonArray("specversion", "id", "source", "type", "time", "data"),
        ["properties"] = new JsonObject
        {
            ["specversion"] = new JsonObject { ["const"] = "1.0" },
            ["id"] = new JsonObject { ["type"] = "string", ["description"] = "The event id; consumers dedupe on it." },
            ["source"] = new JsonObject { ["type"] = "string", ["format"] = "uri-reference" },
            ["type"] = new JsonObject { ["const"] = eventType },
            ["subject"] = new JsonObject { ["type"] = "string", ["description"] = "The order id." },
            ["time"] = new JsonObject { ["type"] = "string", ["format"] = "date-time" },
            ["datacontenttype"] = new JsonObject { ["const"] = "application/json" },
            ["data"] = Ref($"#/components/schemas/{schemaName}"),
        },
    };

    private static JsonNode SchemaOf(Type type) =>
        JsonSchemaExporter.GetJsonSchemaAsNode(
            ContractsJsonContext.Default.Options,
            type,
            new JsonSchemaExporterOptions
            {
                TreatNullObliviousAsNonNullable = true,

                // The contracts write enums by name through their own converter, which the exporter cannot see into.
                TransformSchemaNode = (context, schema) =>
                {
                    var enumType = Nullable.GetUnderlyingType(context.TypeInfo.Type) ?? context.TypeInfo.Type;
                    return enumType.IsEnum
                        ? new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(Enum.GetNames(enumType).Select(n => (JsonNode)n).ToArray()) }
                        : schema;
                },
            });

    private static string DescribeRule(RuleDefinition rule) =>
        rule.CorrelationFilter is { } correlation
            ? $"Rule {rule.Name}: correlation filter on Subject {correlation.Label}."
            : $"Rule {rule.Name}: SQL filter {rule.SqlFilter}.";

    private static JsonObject MessageRefs(IEnumerable<string> names) =>
        new(names.Select(name => KeyValuePair.Create(name, (JsonNode?)Ref($"#/components/messages/{name}"))));

    private static JsonArray OperationRefs(string channelId, IEnumerable<string> names) =>
        new(names.Select(name => (JsonNode)Ref($"#/channels/{channelId}/messages/{name}")).ToArray());

    private static JsonObject Ref(string pointer) => new() { ["$ref"] = pointer };
}

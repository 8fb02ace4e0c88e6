using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using static EventKit.ServiceBus.Emulator.Management.AtomNames;

namespace EventKit.ServiceBus.Emulator.Management;

/// <summary>
/// Reads and writes a rule's XML (<c>RuleDescription</c> or a subscription's <c>DefaultRuleDescription</c>): a filter of
/// type SqlFilter, TrueFilter, FalseFilter or CorrelationFilter, and an optional SqlRuleAction.
/// </summary>
internal static class RuleXml
{
    private const string TrueExpression = "1=1";
    private const string FalseExpression = "1=0";

    public static RuleDefinition Read(XElement description, string name, string owner)
    {
        var filter = Child(description, "Filter") ?? throw AdministrationException.BadRequest($"{owner}: property 'Filter' is required.");
        var type = TypeOf(filter);
        string? action = null;
        if (Child(description, "Action") is { } actionElement && TypeOf(actionElement) == "SqlRuleAction")
        {
            RefuseParameters(actionElement, owner, "Action");
            action = Child(actionElement, "SqlExpression")?.Value;
        }

        switch (type)
        {
            case "SqlFilter" or "TrueFilter" or "FalseFilter":
                RefuseParameters(filter, owner, "Filter");
                var expression = Child(filter, "SqlExpression")?.Value;
                expression = type switch
                {
                    "TrueFilter" => TrueExpression,
                    "FalseFilter" => FalseExpression,
                    _ => string.IsNullOrWhiteSpace(expression) ? throw AdministrationException.BadRequest($"{owner}: property 'SqlExpression' of the SQL filter is required.") : expression,
                };
                return new RuleDefinition(name, expression, null, action);
            case "CorrelationFilter":
                return new RuleDefinition(name, null, ReadCorrelation(filter, owner), action);
            default:
                throw AdministrationException.BadRequest($"{owner}: property 'Filter' has type '{type}'; use SqlFilter, TrueFilter, FalseFilter or CorrelationFilter.");
        }
    }

    public static XElement Write(RuleDefinition rule, string elementName, DateTimeOffset createdAt)
    {
        XElement filter;
        if (rule.CorrelationFilter is { } correlation)
        {
            filter = new XElement(
                Connect + "Filter",
                new XAttribute(SchemaInstance + "type", "CorrelationFilter"),
                Optional("CorrelationId", correlation.CorrelationId),
                Optional("MessageId", correlation.MessageId),
                Optional("To", correlation.To),
                Optional("ReplyTo", correlation.ReplyTo),
                Optional("Label", correlation.Label),
                Optional("SessionId", correlation.SessionId),
                Optional("ReplyToSessionId", correlation.ReplyToSessionId),
                Optional("ContentType", correlation.ContentType),
                new XElement(Connect + "Properties", correlation.Properties.Select(p => KeyValue(p.Key, p.Value))));
        }
        else
        {
            var type = rule.SqlFilter switch
            {
                TrueExpression => "TrueFilter",
                FalseExpression => "FalseFilter",
                _ => "SqlFilter",
            };
            filter = new XElement(
                Connect + "Filter",
                new XAttribute(SchemaInstance + "type", type),
                new XElement(Connect + "SqlExpression", rule.SqlFilter),
                new XElement(Connect + "CompatibilityLevel", 20));
        }

        var action = string.IsNullOrWhiteSpace(rule.SqlAction)
            ? new XElement(Connect + "Action", new XAttribute(SchemaInstance + "type", "EmptyRuleAction"))
            : new XElement(
                Connect + "Action",
                new XAttribute(SchemaInstance + "type", "SqlRuleAction"),
                new XElement(Connect + "SqlExpression", rule.SqlAction),
                new XElement(Connect + "CompatibilityLevel", 20));
        return new XElement(
            Connect + elementName,
            new XAttribute(XNamespace.Xmlns + "i", SchemaInstance),
            filter,
            action,
            new XElement(Connect + "CreatedAt", createdAt.UtcDateTime.ToString("o", CultureInfo.InvariantCulture)),
            new XElement(Connect + "Name", rule.Name));
    }

    private static CorrelationFilterDefinition ReadCorrelation(XElement filter, string owner)
    {
        var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (Child(filter, "Properties") is { } list)
        {
            foreach (var pair in list.Elements().Where(e => e.Name.LocalName == "KeyValueOfstringanyType"))
            {
                var key = Child(pair, "Key")?.Value;
                if (string.IsNullOrEmpty(key))
                {
                    throw AdministrationException.BadRequest($"{owner}: a correlation filter property has no 'Key'.");
                }

                properties[key] = ReadValue(Child(pair, "Value"), owner, key);
            }
        }

        string? Get(string name) => Child(filter, name)?.Value is { Length: > 0 } value ? value : null;
        return new CorrelationFilterDefinition
        {
            CorrelationId = Get("CorrelationId"),
            MessageId = Get("MessageId"),
            To = Get("To"),
            ReplyTo = Get("ReplyTo"),
            Label = Get("Label"),
            SessionId = Get("SessionId"),
            ReplyToSessionId = Get("ReplyToSessionId"),
            ContentType = Get("ContentType"),
            Properties = properties,
        };
    }

    private static object? ReadValue(XElement? value, string owner, string key)
    {
        if (value is null)
        {
            return null;
        }

        var type = TypeOf(value);
        var text = value.Value;
        try
        {
            return type switch
            {
                null or "string" => text,
                "int" => XmlConvert.ToInt32(text),
                "long" => XmlConvert.ToInt64(text),
                "boolean" => XmlConvert.ToBoolean(text),
                "double" => XmlConvert.ToDouble(text),
                "dateTime" => XmlConvert.ToDateTime(text, XmlDateTimeSerializationMode.Utc),
                "duration" => XmlConvert.ToTimeSpan(text),
                _ => throw AdministrationException.BadRequest($"{owner}: correlation filter property '{key}' has type '{type}'; use string, int, long, boolean, double, dateTime or duration."),
            };
        }
        catch (FormatException)
        {
            throw AdministrationException.BadRequest($"{owner}: correlation filter property '{key}' value '{text}' is not a valid {type}.");
        }
    }

    private static XElement KeyValue(string key, object? value)
    {
        var (type, text) = value switch
        {
            string s => ("string", s),
            int i => ("int", XmlConvert.ToString(i)),
            long l => ("long", XmlConvert.ToString(l)),
            bool b => ("boolean", XmlConvert.ToString(b)),
            double d => ("double", XmlConvert.ToString(d)),
            DateTime t => ("dateTime", XmlConvert.ToString(t, XmlDateTimeSerializationMode.Utc)),
            TimeSpan t => ("duration", XmlConvert.ToString(t)),
            _ => ("string", Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty),
        };
        return new XElement(
            Connect + "KeyValueOfstringanyType",
            new XElement(Connect + "Key", key),
            new XElement(
                Connect + "Value",
                new XAttribute(XNamespace.Xmlns + "d6p1", Schema),
                new XAttribute(SchemaInstance + "type", "d6p1:" + type),
                text));
    }

    private static void RefuseParameters(XElement element, string owner, string what)
    {
        if (Child(element, "Parameters") is { HasElements: true })
        {
            throw AdministrationException.BadRequest($"{owner}: property 'Parameters' of the {what} is not supported by the emulator; write the values into the expression.");
        }
    }

    private static XElement? Optional(string name, string? value) => value is null ? null : new XElement(Connect + name, value);

    /// <summary>The element's <c>i:type</c> without its prefix (<c>d6p1:string</c> is <c>string</c>).</summary>
    private static string? TypeOf(XElement element)
    {
        var type = element.Attribute(SchemaInstance + "type")?.Value;
        return type is null ? null : type[(type.IndexOf(':', StringComparison.Ordinal) + 1)..];
    }

    private static XElement? Child(XElement parent, string localName) => parent.Elements().FirstOrDefault(e => e.Name.LocalName == localName);
}

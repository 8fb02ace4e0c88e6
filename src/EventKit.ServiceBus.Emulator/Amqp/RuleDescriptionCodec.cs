using EventKit.ServiceBus.Emulator.Filters;
using Microsoft.Azure.Amqp.Encoding;

namespace EventKit.ServiceBus.Emulator.Amqp;

/// <summary>
/// Reads the rule maps of <c>add-rule</c> and writes the described types <c>enumerate-rules</c> returns
/// (<c>com.microsoft:rule-description:list</c> and its filter and action lists), as the SDK's rule manager expects.
/// </summary>
internal static class RuleDescriptionCodec
{
    private const ulong RuleDescriptionCode = 0x0000013700000004;
    private const ulong EmptyActionCode = 0x0000013700000005;
    private const ulong SqlActionCode = 0x0000013700000006;
    private const ulong SqlFilterCode = 0x0000001370000006;
    private const ulong CorrelationFilterCode = 0x0000001370000009;

    public static RuleDefinition Read(string name, AmqpMap description)
    {
        string? action = (Get(description, "sql-rule-action") as AmqpMap) is { } actionMap ? Get(actionMap, "expression") as string : null;
        if (Get(description, "sql-filter") is AmqpMap sql)
        {
            return new RuleDefinition(name, Get(sql, "expression") as string ?? throw new ArgumentException("The SQL filter has no expression."), null, action);
        }

        if (Get(description, "correlation-filter") is AmqpMap correlation)
        {
            var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (Get(correlation, "properties") is AmqpMap userProperties)
            {
                foreach (var pair in userProperties)
                {
                    properties[pair.Key.Key.ToString()!] = pair.Value;
                }
            }

            return new RuleDefinition(name, null, new CorrelationFilterDefinition
            {
                CorrelationId = Get(correlation, "correlation-id") as string,
                MessageId = Get(correlation, "message-id") as string,
                To = Get(correlation, "to") as string,
                ReplyTo = Get(correlation, "reply-to") as string,
                Label = Get(correlation, "label") as string,
                SessionId = Get(correlation, "session-id") as string,
                ReplyToSessionId = Get(correlation, "reply-to-session-id") as string,
                ContentType = Get(correlation, "content-type") as string,
                Properties = properties,
            }, action);
        }

        throw new ArgumentException($"The rule '{name}' has neither a SQL nor a correlation filter.");
    }

    public static DescribedType Write(RuleDefinition rule, DateTime createdAt)
    {
        DescribedType filter;
        if (rule.CorrelationFilter is { } correlation)
        {
            var properties = new AmqpMap();
            foreach (var (key, value) in correlation.Properties)
            {
                properties[new MapKey(key)] = value;
            }

            filter = new DescribedType(CorrelationFilterCode, new List<object?>
            {
                correlation.CorrelationId, correlation.MessageId, correlation.To, correlation.ReplyTo, correlation.Label,
                correlation.SessionId, correlation.ReplyToSessionId, correlation.ContentType, properties,
            });
        }
        else
        {
            filter = new DescribedType(SqlFilterCode, new List<object?> { rule.SqlFilter, null });
        }

        var action = string.IsNullOrWhiteSpace(rule.SqlAction)
            ? new DescribedType(EmptyActionCode, new List<object?>())
            : new DescribedType(SqlActionCode, new List<object?> { rule.SqlAction, null });
        return new DescribedType(RuleDescriptionCode, new List<object?> { filter, action, rule.Name, createdAt });
    }

    private static object? Get(AmqpMap map, string key) => map[new MapKey(key)];
}

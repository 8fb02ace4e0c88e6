using Azure.Messaging.ServiceBus;
using EventKit.Functions.Testing.Discovery;
using Microsoft.Extensions.Configuration;

namespace EventKit.Functions.Testing.ServiceBus;

/// <summary>
/// What a <c>[ServiceBusTrigger]</c> asks for, read once when the host starts: the entity (with <c>%setting%</c> names
/// resolved from app settings, as the Functions host does), the connection, sessions, batching, and auto-complete.
/// </summary>
internal sealed record ServiceBusTriggerSpecification
{
    private const string DeadLetterSuffix = "/$DeadLetterQueue";

    public required FunctionDescriptor Function { get; init; }

    /// <summary>The queue, or null for a subscription.</summary>
    public string? QueueName { get; init; }

    public string? TopicName { get; init; }

    public string? SubscriptionName { get; init; }

    /// <summary><see cref="SubQueue.DeadLetter"/> when the trigger names <c>…/$DeadLetterQueue</c>.</summary>
    public SubQueue SubQueue { get; init; }

    /// <summary>The entity path, for logs.</summary>
    public required string EntityPath { get; init; }

    /// <summary>The name of the setting that holds the connection string; null for the default.</summary>
    public string? ConnectionName { get; init; }

    public bool IsSessionsEnabled { get; init; }

    public bool IsBatched { get; init; }

    /// <summary>Whether the host completes a message the function did not settle: the attribute's explicit value, else host.json's.</summary>
    public bool AutoComplete { get; init; }

    /// <exception cref="InvalidOperationException">A <c>%setting%</c> the attribute names is not set.</exception>
    public static ServiceBusTriggerSpecification Read(FunctionDescriptor function, IConfiguration configuration, HostJson hostJson)
    {
        var attribute = function.TriggerAttribute;
        var topic = Resolve(configuration, FunctionCatalog.Property<string>(attribute, "TopicName"));
        var subscription = Resolve(configuration, FunctionCatalog.Property<string>(attribute, "SubscriptionName"));
        var queue = Resolve(configuration, FunctionCatalog.Property<string>(attribute, "QueueName"));

        // The SDK reaches a dead-letter queue through SubQueue, not through its path.
        var subQueue = SubQueue.None;
        if (subscription?.EndsWith(DeadLetterSuffix, StringComparison.OrdinalIgnoreCase) == true)
        {
            subscription = subscription[..^DeadLetterSuffix.Length];
            subQueue = SubQueue.DeadLetter;
        }
        else if (queue?.EndsWith(DeadLetterSuffix, StringComparison.OrdinalIgnoreCase) == true)
        {
            queue = queue[..^DeadLetterSuffix.Length];
            subQueue = SubQueue.DeadLetter;
        }

        return new ServiceBusTriggerSpecification
        {
            Function = function,
            QueueName = queue,
            TopicName = topic,
            SubscriptionName = subscription,
            SubQueue = subQueue,
            EntityPath = queue ?? $"{topic}/Subscriptions/{subscription}" + (subQueue == SubQueue.DeadLetter ? DeadLetterSuffix : string.Empty),
            ConnectionName = FunctionCatalog.Property<string>(attribute, "Connection"),
            IsSessionsEnabled = FunctionCatalog.Property<bool>(attribute, "IsSessionsEnabled"),
            IsBatched = FunctionCatalog.Property<bool>(attribute, "IsBatched"),
            AutoComplete = ExplicitAutoComplete(function) ?? hostJson.AutoCompleteMessages,
        };
    }

    private static string? Resolve(IConfiguration configuration, string? value)
    {
        // %name% expressions are app settings, as in the real host.
        if (value is { Length: > 2 } && value[0] == '%' && value[^1] == '%')
        {
            return configuration[value[1..^1]] ?? throw new InvalidOperationException($"The app setting '{value[1..^1]}' is not set.");
        }

        return value;
    }

    private static bool? ExplicitAutoComplete(FunctionDescriptor function)
    {
        // The attribute's getter defaults to true, so "not set" (host.json decides) is read from the attribute's metadata.
        var data = function.TriggerParameter.GetCustomAttributesData()
            .FirstOrDefault(a => a.AttributeType == function.TriggerAttribute.GetType());
        var argument = data?.NamedArguments.FirstOrDefault(static a => a.MemberName == "AutoCompleteMessages");
        return argument is { MemberInfo: not null } named ? (bool)named.TypedValue.Value! : null;
    }
}

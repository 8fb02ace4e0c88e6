using System.Xml;
using System.Xml.Linq;
using EventKit.ServiceBus.Emulator.Entities;

namespace EventKit.ServiceBus.Emulator.Management;

/// <summary>
/// Reads the Atom entry of a create or update request (<c>QueueDescription</c>, <c>TopicDescription</c>,
/// <c>SubscriptionDescription</c>, <c>RuleDescription</c>). Elements the emulator has no use for are ignored, as Azure
/// ignores read-only ones; a malformed value or an unsupported setting is a 400 that names the property.
/// </summary>
internal static class EntityDescriptionReader
{
    private const int MaxUserMetadataLength = 1024;

    /// <summary>Which kind of description the body holds, or null when it holds none.</summary>
    public static string? DescriptionKind(string body) => Content(Parse(body))?.Name.LocalName;

    public static EntityDescription ReadEntity(string body, string descriptionName, string owner)
    {
        var description = Content(Parse(body)) is { } element && element.Name.LocalName == descriptionName
            ? element
            : throw AdministrationException.BadRequest($"{owner}: the request body must be an Atom entry whose content is a {descriptionName}.");
        var defaults = new EntityProperties();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in description.Elements())
        {
            if (!values.TryAdd(property.Name.LocalName, property.Value))
            {
                throw AdministrationException.BadRequest($"{owner}: property '{property.Name.LocalName}' appears more than once.");
            }
        }

        if (Flag(values, "EnablePartitioning", owner) == true)
        {
            throw AdministrationException.BadRequest($"{owner}: property 'EnablePartitioning' is not supported by the emulator (nor by the official one).");
        }

        if (values.TryGetValue("Status", out var status) && !string.Equals(status, "Active", StringComparison.OrdinalIgnoreCase))
        {
            throw AdministrationException.BadRequest($"{owner}: property 'Status' value '{status}' is not supported by the emulator; only 'Active' is.");
        }

        var userMetadata = values.GetValueOrDefault("UserMetadata");
        if (userMetadata is { Length: > MaxUserMetadataLength })
        {
            throw AdministrationException.BadRequest($"{owner}: property 'UserMetadata' is longer than {MaxUserMetadataLength} characters.");
        }

        var properties = new EntityProperties
        {
            DeadLetteringOnMessageExpiration = Flag(values, "DeadLetteringOnMessageExpiration", owner) ?? defaults.DeadLetteringOnMessageExpiration,
            DefaultMessageTimeToLive = Duration(values, "DefaultMessageTimeToLive", owner) ?? defaults.DefaultMessageTimeToLive,
            DuplicateDetectionHistoryTimeWindow = Duration(values, "DuplicateDetectionHistoryTimeWindow", owner) ?? defaults.DuplicateDetectionHistoryTimeWindow,
            ForwardDeadLetteredMessagesTo = Address(values, "ForwardDeadLetteredMessagesTo"),
            ForwardTo = Address(values, "ForwardTo"),
            LockDuration = Duration(values, "LockDuration", owner) ?? defaults.LockDuration,
            MaxDeliveryCount = Number(values, "MaxDeliveryCount", owner) ?? defaults.MaxDeliveryCount,
            MaxSizeInMegabytes = Convert(values, "MaxSizeInMegabytes", owner, "an integer", XmlConvert.ToInt64) ?? defaults.MaxSizeInMegabytes,
            RequiresDuplicateDetection = Flag(values, "RequiresDuplicateDetection", owner) ?? defaults.RequiresDuplicateDetection,
            RequiresSession = Flag(values, "RequiresSession", owner) ?? defaults.RequiresSession,
        };
        var defaultRule = description.Elements().FirstOrDefault(e => e.Name.LocalName == "DefaultRuleDescription") is { } rule
            ? RuleXml.Read(rule, RuleName(rule) ?? "$Default", $"{owner} default rule")
            : null;
        return new EntityDescription(properties, userMetadata, Duration(values, "AutoDeleteOnIdle", owner) ?? TimeSpan.MaxValue, defaultRule);
    }

    public static RuleDefinition ReadRule(string body, string name, string owner)
    {
        var description = Content(Parse(body)) is { Name.LocalName: "RuleDescription" } element
            ? element
            : throw AdministrationException.BadRequest($"{owner}: the request body must be an Atom entry whose content is a RuleDescription.");
        return RuleXml.Read(description, name, owner);
    }

    private static XElement Parse(string body)
    {
        try
        {
            return XElement.Parse(body);
        }
        catch (XmlException exception)
        {
            throw AdministrationException.BadRequest("The request body is not well-formed XML: " + exception.Message);
        }
    }

    private static XElement? Content(XElement entry) =>
        entry.Elements().FirstOrDefault(e => e.Name.LocalName == "content")?.Elements().FirstOrDefault();

    private static string? RuleName(XElement rule) => rule.Elements().FirstOrDefault(e => e.Name.LocalName == "Name")?.Value is { Length: > 0 } name ? name : null;

    /// <summary>The SDK sends forwarding targets as absolute URIs (<c>http://host/queue</c>); the broker wants the entity name.</summary>
    private static string? Address(Dictionary<string, string> values, string name) =>
        values.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? MessagingNamespace.NormalizeAddress(value) : null;

    private static bool? Flag(Dictionary<string, string> values, string name, string owner) =>
        Convert(values, name, owner, "true or false", XmlConvert.ToBoolean);

    private static int? Number(Dictionary<string, string> values, string name, string owner) =>
        Convert(values, name, owner, "an integer", XmlConvert.ToInt32);

    private static TimeSpan? Duration(Dictionary<string, string> values, string name, string owner) =>
        Convert(values, name, owner, "an ISO 8601 duration such as PT1M", XmlConvert.ToTimeSpan);

    private static T? Convert<T>(Dictionary<string, string> values, string name, string owner, string expected, Func<string, T> parse)
        where T : struct
    {
        if (!values.TryGetValue(name, out var text) || text.Length == 0)
        {
            return null;
        }

        try
        {
            return parse(text.Trim());
        }
        catch (Exception exception) when (exception is FormatException or OverflowException)
        {
            throw AdministrationException.BadRequest($"{owner}: property '{name}' value '{text}' is not {expected}.");
        }
    }
}

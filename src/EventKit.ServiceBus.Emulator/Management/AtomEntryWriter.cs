using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using EventKit.ServiceBus.Emulator.Entities;
using static EventKit.ServiceBus.Emulator.Management.AtomNames;

namespace EventKit.ServiceBus.Emulator.Management;

/// <summary>
/// Writes the Atom entries and feeds <c>ServiceBusAdministrationClient</c> reads: an entity's description holds both
/// its properties and its runtime properties (counts and timestamps), as Azure's does.
/// </summary>
internal sealed class AtomEntryWriter(Uri baseAddress)
{
    public XElement Queue(QueueEntity queue, EntityCounts counts, EntityMetadata metadata)
    {
        var p = queue.Properties;
        return Entry(queue.Path, queue.Path, metadata, new XElement(
            Connect + "QueueDescription",
            Element("LockDuration", XmlConvert.ToString(p.LockDuration)),
            Element("MaxSizeInMegabytes", p.MaxSizeInMegabytes),
            Element("RequiresDuplicateDetection", p.RequiresDuplicateDetection),
            Element("RequiresSession", p.RequiresSession),
            Element("DefaultMessageTimeToLive", XmlConvert.ToString(ReportedRanges.TimeToLive(p.DefaultMessageTimeToLive))),
            Element("DeadLetteringOnMessageExpiration", p.DeadLetteringOnMessageExpiration),
            Element("DuplicateDetectionHistoryTimeWindow", XmlConvert.ToString(ReportedRanges.DuplicateDetectionWindow(p.DuplicateDetectionHistoryTimeWindow))),
            Element("MaxDeliveryCount", p.MaxDeliveryCount),
            Element("EnableBatchedOperations", true),
            Element("SizeInBytes", queue.Quota.UsedBytes),
            Element("MessageCount", counts.Total),
            Element("IsAnonymousAccessible", false),
            Element("Status", "Active"),
            ForwardAddress("ForwardTo", p.ForwardTo),
            Timestamps(metadata),
            Element("SupportOrdering", true),
            CountDetails(counts),
            Element("AutoDeleteOnIdle", XmlConvert.ToString(metadata.AutoDeleteOnIdle)),
            Element("EnablePartitioning", false),
            Element("EntityAvailabilityStatus", "Available"),
            ForwardAddress("ForwardDeadLetteredMessagesTo", p.ForwardDeadLetteredMessagesTo),
            Element("EnableExpress", false),
            UserMetadata(metadata)));
    }

    public XElement Topic(TopicEntity topic, EntityCounts counts, EntityMetadata metadata)
    {
        var p = topic.Properties;
        return Entry(topic.Path, topic.Path, metadata, new XElement(
            Connect + "TopicDescription",
            Element("DefaultMessageTimeToLive", XmlConvert.ToString(ReportedRanges.TimeToLive(p.DefaultMessageTimeToLive))),
            Element("MaxSizeInMegabytes", p.MaxSizeInMegabytes),
            Element("RequiresDuplicateDetection", p.RequiresDuplicateDetection),
            Element("DuplicateDetectionHistoryTimeWindow", XmlConvert.ToString(ReportedRanges.DuplicateDetectionWindow(p.DuplicateDetectionHistoryTimeWindow))),
            Element("EnableBatchedOperations", true),
            Element("SizeInBytes", topic.Quota.UsedBytes),
            Element("FilteringMessagesBeforePublishing", false),
            Element("IsAnonymousAccessible", false),
            Element("Status", "Active"),
            Timestamps(metadata),
            Element("SupportOrdering", true),
            CountDetails(counts),
            Element("SubscriptionCount", topic.Subscriptions.Count),
            Element("AutoDeleteOnIdle", XmlConvert.ToString(metadata.AutoDeleteOnIdle)),
            Element("EnablePartitioning", false),
            Element("EntityAvailabilityStatus", "Available"),
            Element("EnableSubscriptionPartitioning", false),
            Element("EnableExpress", false),
            UserMetadata(metadata)));
    }

    public XElement Subscription(string topicName, SubscriptionEntity subscription, EntityCounts counts, EntityMetadata metadata)
    {
        var p = subscription.Properties;
        return Entry($"{topicName}/Subscriptions/{subscription.Name}", subscription.Name, metadata, new XElement(
            Connect + "SubscriptionDescription",
            Element("LockDuration", XmlConvert.ToString(p.LockDuration)),
            Element("RequiresSession", p.RequiresSession),
            Element("DefaultMessageTimeToLive", XmlConvert.ToString(ReportedRanges.TimeToLive(p.DefaultMessageTimeToLive))),
            Element("DeadLetteringOnMessageExpiration", p.DeadLetteringOnMessageExpiration),
            Element("DeadLetteringOnFilterEvaluationExceptions", false),
            Element("MessageCount", counts.Total),
            Element("MaxDeliveryCount", p.MaxDeliveryCount),
            Element("EnableBatchedOperations", true),
            Element("Status", "Active"),
            ForwardAddress("ForwardTo", p.ForwardTo),
            Timestamps(metadata),
            CountDetails(counts),
            UserMetadata(metadata),
            ForwardAddress("ForwardDeadLetteredMessagesTo", p.ForwardDeadLetteredMessagesTo),
            Element("AutoDeleteOnIdle", XmlConvert.ToString(metadata.AutoDeleteOnIdle)),
            Element("EntityAvailabilityStatus", "Available")));
    }

    public XElement Rule(string subscriptionPath, RuleDefinition rule, EntityMetadata metadata) =>
        Entry($"{subscriptionPath}/Rules/{rule.Name}", rule.Name, metadata, RuleXml.Write(rule, "RuleDescription", metadata.CreatedAt));

    public XElement Namespace(string name, DateTimeOffset createdAt)
    {
        var metadata = new EntityMetadata(createdAt);
        var timestamp = Timestamp(createdAt);
        return Entry("$namespaceinfo", name, metadata, new XElement(
            Connect + "NamespaceInfo",
            Element("CreatedTime", timestamp),
            Element("MessagingSKU", "Standard"),
            Element("MessagingUnits", 0),
            Element("ModifiedTime", timestamp),
            Element("Name", name),
            Element("NamespaceType", "Messaging")));
    }

    public XElement Feed(string path, string title, IEnumerable<XElement> entries) =>
        new(
            Atom + "feed",
            new XElement(Atom + "title", new XAttribute("type", "text"), title),
            new XElement(Atom + "id", new Uri(baseAddress, path).ToString()),
            new XElement(Atom + "updated", Timestamp(DateTimeOffset.UtcNow)),
            new XElement(Atom + "link", new XAttribute("rel", "self"), new XAttribute("href", new Uri(baseAddress, path).ToString())),
            entries);

    private XElement Entry(string path, string title, EntityMetadata metadata, XElement description) =>
        new(
            Atom + "entry",
            new XElement(Atom + "id", new Uri(baseAddress, path).ToString()),
            new XElement(Atom + "title", new XAttribute("type", "text"), title),
            new XElement(Atom + "published", Timestamp(metadata.CreatedAt)),
            new XElement(Atom + "updated", Timestamp(metadata.UpdatedAt)),
            new XElement(Atom + "link", new XAttribute("rel", "self"), new XAttribute("href", new Uri(baseAddress, path).ToString())),
            new XElement(Atom + "content", new XAttribute("type", "application/xml"), description));

    /// <summary>Azure reports forwarding targets as absolute addresses of the namespace; the SDK sends them back as they are.</summary>
    private XElement? ForwardAddress(string name, string? target) =>
        target is null ? null : Element(name, new Uri(baseAddress, target).ToString());

    private static XElement? UserMetadata(EntityMetadata metadata) => metadata.UserMetadata is null ? null : Element("UserMetadata", metadata.UserMetadata);

    private static IEnumerable<XElement> Timestamps(EntityMetadata metadata) =>
    [
        Element("CreatedAt", Timestamp(metadata.CreatedAt)),
        Element("UpdatedAt", Timestamp(metadata.UpdatedAt)),
        Element("AccessedAt", Timestamp(metadata.UpdatedAt)),
    ];

    private static XElement CountDetails(EntityCounts counts) =>
        new(
            Connect + "CountDetails",
            new XAttribute(XNamespace.Xmlns + "d2p1", AtomNames.Counts),
            new XElement(AtomNames.Counts + "ActiveMessageCount", counts.Active),
            new XElement(AtomNames.Counts + "DeadLetterMessageCount", counts.DeadLetter),
            new XElement(AtomNames.Counts + "ScheduledMessageCount", counts.Scheduled),
            new XElement(AtomNames.Counts + "TransferMessageCount", 0),
            new XElement(AtomNames.Counts + "TransferDeadLetterMessageCount", 0));

    private static XElement Element(string name, object value) =>
        new(Connect + name, value is bool flag ? XmlConvert.ToString(flag) : value);

    private static string Timestamp(DateTimeOffset value) => value.UtcDateTime.ToString("o", CultureInfo.InvariantCulture);
}

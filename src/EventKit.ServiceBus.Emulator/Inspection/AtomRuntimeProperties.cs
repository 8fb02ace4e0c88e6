using System.Globalization;
using System.Xml.Linq;

namespace EventKit.ServiceBus.Emulator.Inspection;

/// <summary>
/// Writes entity counts as the Atom entry that <c>ServiceBusAdministrationClient</c>'s runtime-properties calls read
/// (<c>QueueDescription</c>, <c>TopicDescription</c> or <c>SubscriptionDescription</c> with <c>CountDetails</c>).
/// </summary>
internal static class AtomRuntimeProperties
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace ServiceBus = "http://schemas.microsoft.com/netservices/2010/10/servicebus/connect";
    private static readonly XNamespace Counts = "http://schemas.microsoft.com/netservices/2011/06/servicebus";

    public static string ToEntry(EntityCounts counts, Uri baseAddress, DateTimeOffset createdAt)
    {
        var title = counts.Kind == EntityKind.Subscription ? counts.Path[(counts.Path.LastIndexOf('/') + 1)..] : counts.Path;
        var timestamp = createdAt.ToString("o", CultureInfo.InvariantCulture);
        var description = new XElement(
            ServiceBus + DescriptionName(counts.Kind),
            new XElement(ServiceBus + "CreatedAt", timestamp),
            new XElement(ServiceBus + "UpdatedAt", timestamp),
            new XElement(ServiceBus + "AccessedAt", timestamp),
            new XElement(ServiceBus + "SizeInBytes", 0),
            new XElement(ServiceBus + "MessageCount", counts.Total),
            new XElement(
                ServiceBus + "CountDetails",
                new XAttribute(XNamespace.Xmlns + "d2p1", Counts),
                new XElement(Counts + "ActiveMessageCount", counts.Active),
                new XElement(Counts + "DeadLetterMessageCount", counts.DeadLetter),
                new XElement(Counts + "ScheduledMessageCount", counts.Scheduled),
                new XElement(Counts + "TransferMessageCount", 0),
                new XElement(Counts + "TransferDeadLetterMessageCount", 0)));
        var entry = new XElement(
            Atom + "entry",
            new XElement(Atom + "id", new Uri(baseAddress, counts.Path).ToString()),
            new XElement(Atom + "title", new XAttribute("type", "text"), title),
            new XElement(Atom + "published", timestamp),
            new XElement(Atom + "updated", timestamp),
            new XElement(Atom + "content", new XAttribute("type", "application/xml"), description));
        return entry.ToString(SaveOptions.DisableFormatting);
    }

    private static string DescriptionName(EntityKind kind) => kind switch
    {
        EntityKind.Queue => "QueueDescription",
        EntityKind.Topic => "TopicDescription",
        _ => "SubscriptionDescription",
    };
}

using System.Xml.Linq;

namespace EventKit.ServiceBus.Emulator.Management;

/// <summary>The XML namespaces of the Service Bus management documents (Atom entries with entity descriptions).</summary>
internal static class AtomNames
{
    public static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    public static readonly XNamespace Connect = "http://schemas.microsoft.com/netservices/2010/10/servicebus/connect";
    public static readonly XNamespace Counts = "http://schemas.microsoft.com/netservices/2011/06/servicebus";
    public static readonly XNamespace SchemaInstance = "http://www.w3.org/2001/XMLSchema-instance";
    public static readonly XNamespace Schema = "http://www.w3.org/2001/XMLSchema";
}

namespace EventKit.ServiceBus.Emulator.Inspection;

/// <summary>An HTTP request to the inspection port, read whole (the port serves small management documents only).</summary>
/// <param name="Method">GET, PUT or DELETE.</param>
/// <param name="Path">The unescaped path without leading or trailing slashes, e.g. <c>orders/Subscriptions/all</c>.</param>
/// <param name="Query">The query parameters (names compared case-insensitively).</param>
/// <param name="Headers">The headers (names compared case-insensitively).</param>
/// <param name="Body">The body as UTF-8 text; empty when there is none.</param>
internal sealed record HttpRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, IReadOnlyDictionary<string, string> Headers, string Body);

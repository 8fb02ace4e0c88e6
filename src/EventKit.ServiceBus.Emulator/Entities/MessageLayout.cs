namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>
/// Where the bare message (properties, application properties, body, footer) sits in the sender's encoded payload,
/// and the header fields and message annotations the sender set. Deliveries re-encode only the header and the
/// annotations and copy the rest of the payload as is.
/// </summary>
/// <param name="BareStart">Offset of the first section after the message annotations.</param>
/// <param name="ApplicationPropertiesStart">Offset where the application-properties section is (or would be).</param>
/// <param name="BodyStart">Offset of the first section after the application properties.</param>
/// <param name="Ttl">The sender's header time to live, in milliseconds.</param>
/// <param name="Durable">The sender's header durable flag.</param>
/// <param name="Priority">The sender's header priority.</param>
/// <param name="SenderAnnotations">The sender's message annotations.</param>
internal sealed record MessageLayout(
    int BareStart,
    int ApplicationPropertiesStart,
    int BodyStart,
    uint? Ttl,
    bool? Durable,
    byte? Priority,
    IReadOnlyList<KeyValuePair<string, object>> SenderAnnotations);

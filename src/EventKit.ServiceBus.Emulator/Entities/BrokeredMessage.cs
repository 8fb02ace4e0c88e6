using EventKit.ServiceBus.Emulator.Filters;

namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>
/// A message held by an entity: its encoded AMQP payload as sent (shared, immutable), its decoded system
/// properties, its own copy of the user properties, and the broker state. Broker state is guarded by the
/// lock of the entity that holds the message.
/// </summary>
internal sealed class BrokeredMessage : IFilterableMessage
{
    public BrokeredMessage(byte[] payload, MessageLayout layout, SystemProperties system, Dictionary<string, object?> userProperties)
    {
        Payload = payload;
        Layout = layout;
        System = system;
        UserProperties = userProperties;
    }

    /// <summary>The message as encoded by the sender.</summary>
    public byte[] Payload { get; }

    /// <summary>Where the sections of <see cref="Payload"/> are.</summary>
    public MessageLayout Layout { get; }

    public SystemProperties System { get; }

    public Dictionary<string, object?> UserProperties { get; }

    /// <summary>Whether <see cref="UserProperties"/> differs from the payload's application properties.</summary>
    public bool UserPropertiesChanged { get; set; }

    public long Size => Payload.Length;

    public long SequenceNumber { get; set; }

    public DateTime EnqueuedTime { get; set; }

    public DateTime ExpiresAt { get; set; } = DateTime.MaxValue;

    /// <summary>Failed delivery attempts so far; goes on the wire as <c>header.delivery-count</c>.</summary>
    public int DeliveryCount { get; set; }

    public MessageState State { get; set; }

    public Guid LockToken { get; set; }

    public DateTime LockedUntil { get; set; }

    /// <summary>The consumer holding the lock, or null when unlocked.</summary>
    public object? LockHolder { get; set; }

    public bool IsLocked => LockToken != Guid.Empty;

    /// <summary>
    /// The open transaction that holds a settlement of this locked message, or null. While held, the lock does not
    /// expire and only that transaction may settle the message; a rollback leaves it locked to its receiver.
    /// </summary>
    public object? Transaction { get; set; }

    public string? DeadLetterSource { get; set; }

    public int TransferHops { get; set; }

    public string? SessionId => System.SessionId;

    /// <summary>Copies the message for another entity (a subscription, a forward target, a dead-letter queue).</summary>
    public BrokeredMessage CopyForEntity() => new(Payload, Layout, System, new Dictionary<string, object?>(UserProperties, StringComparer.Ordinal))
    {
        UserPropertiesChanged = UserPropertiesChanged,
        SequenceNumber = SequenceNumber,
        EnqueuedTime = EnqueuedTime,
        ExpiresAt = ExpiresAt,
        DeliveryCount = DeliveryCount,
        DeadLetterSource = DeadLetterSource,
        TransferHops = TransferHops,
    };

    public void ApplyPropertyChanges(IReadOnlyDictionary<string, object?>? changes)
    {
        if (changes is null || changes.Count == 0)
        {
            return;
        }

        foreach (var (key, value) in changes)
        {
            UserProperties[key] = value;
        }

        UserPropertiesChanged = true;
    }

    public void ClearLock()
    {
        LockToken = Guid.Empty;
        LockHolder = null;
        LockedUntil = default;
        Transaction = null;
    }

    bool IFilterableMessage.TryGetSystemProperty(string name, out object? value)
    {
        value = name.ToUpperInvariant() switch
        {
            "MESSAGEID" => System.MessageId,
            "CORRELATIONID" => System.CorrelationId,
            "LABEL" or "SUBJECT" => System.Subject,
            "TO" => System.To,
            "REPLYTO" => System.ReplyTo,
            "REPLYTOSESSIONID" => System.ReplyToSessionId,
            "SESSIONID" => System.SessionId,
            "CONTENTTYPE" => System.ContentType,
            "PARTITIONKEY" => System.PartitionKey,
            "SEQUENCENUMBER" => SequenceNumber,
            "ENQUEUEDTIMEUTC" => EnqueuedTime,
            "SCHEDULEDENQUEUETIMEUTC" => System.ScheduledEnqueueTime,
            "DELIVERYCOUNT" => (long)DeliveryCount,
            "SIZE" => Size,
            "TIMETOLIVE" => System.TimeToLive,
            "EXPIRESATUTC" => ExpiresAt,
            _ => null,
        };
        return value is not null;
    }

    bool IFilterableMessage.TryGetUserProperty(string name, out object? value) => UserProperties.TryGetValue(name, out value);

    void IFilterableMessage.SetUserProperty(string name, object? value)
    {
        UserProperties[name] = value;
        UserPropertiesChanged = true;
    }

    void IFilterableMessage.RemoveUserProperty(string name)
    {
        if (UserProperties.Remove(name))
        {
            UserPropertiesChanged = true;
        }
    }
}

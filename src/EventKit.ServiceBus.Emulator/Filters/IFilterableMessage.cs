namespace EventKit.ServiceBus.Emulator.Filters;

/// <summary>What a rule filter reads and a rule action writes: system properties and user (application) properties.</summary>
internal interface IFilterableMessage
{
    /// <summary>Gets a system property by its SQL name (<c>MessageId</c>, <c>Label</c>, <c>SequenceNumber</c>...), case-insensitively.</summary>
    bool TryGetSystemProperty(string name, out object? value);

    bool TryGetUserProperty(string name, out object? value);

    void SetUserProperty(string name, object? value);

    void RemoveUserProperty(string name);
}

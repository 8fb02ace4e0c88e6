namespace EventKit.ServiceBus.Emulator.Filters;

/// <summary>A property named in SQL: <c>sys.Name</c> for a system property, <c>user.Name</c> or a bare name for a user property.</summary>
internal sealed record PropertyReference(bool IsSystem, string Name)
{
    public bool TryRead(IFilterableMessage message, out object? value) =>
        IsSystem ? message.TryGetSystemProperty(Name, out value) : message.TryGetUserProperty(Name, out value);

    public override string ToString() => (IsSystem ? "sys." : "user.") + Name;
}

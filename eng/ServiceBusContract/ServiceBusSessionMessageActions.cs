namespace Microsoft.Azure.Functions.Worker;

/// <summary>Contract of the real extension's session API.</summary>
public class ServiceBusSessionMessageActions
{
    /// <summary>For subclasses (tests and hosts).</summary>
    protected ServiceBusSessionMessageActions()
    {
    }

    /// <summary>When the session lock expires.</summary>
    public virtual DateTimeOffset SessionLockedUntil { get; protected set; }

    /// <summary>Reads the session state.</summary>
    public virtual Task<BinaryData> GetSessionStateAsync(CancellationToken cancellationToken = default) => throw Unavailable();

    /// <summary>Writes the session state.</summary>
    public virtual Task SetSessionStateAsync(BinaryData sessionState, CancellationToken cancellationToken = default) => throw Unavailable();

    /// <summary>Releases the session after this invocation.</summary>
    public virtual void ReleaseSession() => throw Unavailable();

    /// <summary>Renews the session lock.</summary>
    public virtual Task RenewSessionLockAsync(CancellationToken cancellationToken = default) => throw Unavailable();

    private static NotSupportedException Unavailable() =>
        new("This is the compile-time Service Bus contract (eng/ServiceBusContract); a host must supply the session implementation.");
}

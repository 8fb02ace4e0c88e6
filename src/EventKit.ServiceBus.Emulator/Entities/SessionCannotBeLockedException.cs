namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>Thrown when a receiver asks for a session that another receiver holds.</summary>
internal sealed class SessionCannotBeLockedException : Exception
{
    public SessionCannotBeLockedException()
    {
    }

    public SessionCannotBeLockedException(string message)
        : base(message)
    {
    }

    public SessionCannotBeLockedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

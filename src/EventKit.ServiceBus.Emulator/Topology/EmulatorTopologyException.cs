namespace EventKit.ServiceBus.Emulator;

/// <summary>
/// Thrown when a topology is invalid. The message names the entity and the property at fault.
/// </summary>
public sealed class EmulatorTopologyException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EmulatorTopologyException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong, naming the entity and property.</param>
    public EmulatorTopologyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">What is wrong, naming the entity and property.</param>
    /// <param name="innerException">The cause.</param>
    public EmulatorTopologyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace EventKit.ServiceBus.Emulator;

/// <summary>The AMQP error a send fails with under <see cref="EmulatorFaults.FailNextSends"/>; both are transient, so the SDK retries.</summary>
public enum SendFault
{
    /// <summary><c>com.microsoft:server-busy</c>: the SDK reports <c>ServiceBusy</c> (and waits before retrying, as against Azure).</summary>
    ServerBusy,

    /// <summary><c>amqp:internal-error</c>: the SDK reports a general, transient service error.</summary>
    InternalError,
}

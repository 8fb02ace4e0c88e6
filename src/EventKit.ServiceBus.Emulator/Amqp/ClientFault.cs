namespace EventKit.ServiceBus.Emulator.Amqp;

/// <summary>
/// Which failures while serving one client are contained to that client's link or connection: every failure except
/// the process-fatal ones. The emulator never goes down because of what a client sent.
/// </summary>
internal static class ClientFault
{
    public static bool IsContainable(Exception exception) =>
        exception is not (OutOfMemoryException or StackOverflowException or AccessViolationException or ThreadAbortException);
}

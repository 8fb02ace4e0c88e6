namespace EventKit.ServiceBus.Emulator;

/// <summary>How many more sends to one entity fail, and with what.</summary>
internal sealed class PendingSendFailures(int count, SendFault fault)
{
    private int remaining = count;

    public SendFault Fault { get; } = fault;

    public int Remaining => Volatile.Read(ref remaining);

    /// <summary>Takes one failure; false when none is left.</summary>
    public bool TryTake()
    {
        while (true)
        {
            var current = Volatile.Read(ref remaining);
            if (current <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref remaining, current - 1, current) == current)
            {
                return true;
            }
        }
    }
}

namespace EventKit.ServiceBus.Emulator.Amqp;

/// <summary>The pending result of opening a link, completed when the entity accepts it (at once, or when a session frees up).</summary>
internal sealed class LinkOpenResult(AsyncCallback? callback, object? state) : IAsyncResult
{
    private Exception? error;
    private int completed;

    public object? AsyncState { get; } = state;

    public WaitHandle AsyncWaitHandle => throw new NotSupportedException();

    public bool CompletedSynchronously { get; private set; }

    public bool IsCompleted => Volatile.Read(ref completed) == 1;

    public static void End(IAsyncResult result)
    {
        if (((LinkOpenResult)result).error is { } exception)
        {
            throw exception;
        }
    }

    /// <summary>Completes the open, with an error to refuse the link. Only the first call counts.</summary>
    public bool Complete(Exception? exception, bool synchronously)
    {
        if (Interlocked.Exchange(ref completed, 1) == 1)
        {
            return false;
        }

        error = exception;
        CompletedSynchronously = synchronously;
        callback?.Invoke(this);
        return true;
    }
}

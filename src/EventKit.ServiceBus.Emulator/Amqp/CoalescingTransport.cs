using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Transport;

namespace EventKit.ServiceBus.Emulator.Amqp;

/// <summary>
/// A client connection's socket, read and written in batches. The AMQP library reads every frame with two socket
/// reads (its size, then its body) and writes every frame with its own socket write; on loopback those system calls
/// cost more than everything else a delivery does. This transport reads whatever the socket holds into one buffer and
/// hands the frames out from it, and it holds back the frames that processing those frames produces (transfers,
/// dispositions, flows) until the buffer is used up, then writes them with one call.
/// </summary>
/// <remarks>
/// <para>
/// Frames keep their order: the library's writer hands this transport one write at a time, each is copied in the order
/// it comes, and bytes go to the socket in that order. A write is held back only on the thread that is processing this
/// connection's frames, and only until that thread next reads from the socket or returns; a write from any other
/// thread (a delivery caused by another connection, a timer, a heartbeat) goes out at once, with anything held before
/// it. While the socket is busy with an earlier write, later frames collect and go out together when it is done.
/// </para>
/// <para>
/// Every write completes at once for the library; a socket failure is reported on the next write, and the reads of a
/// broken connection fail too, which closes it. Closing sends what is held first.
/// </para>
/// </remarks>
internal sealed class CoalescingTransport : TransportBase
{
    private const int ReadBufferSize = 64 * 1024;
    private const int InitialWriteBufferSize = 16 * 1024;

    /// <summary>A write buffer grown past this by a burst is not kept for reuse.</summary>
    private const int KeptWriteBufferSize = 1024 * 1024;

    private readonly TransportBase inner;
    private readonly object sync = new();

    // Reads: only the connection's reader calls ReadAsync, one call at a time, so these need no lock.
    private readonly byte[] readBuffer = new byte[ReadBufferSize];
    private readonly TransportAsyncCallbackArgs innerRead;
    private int readStart;
    private int readEnd;
    private TransportAsyncCallbackArgs? waitingRead;

    /// <summary>Work to do once the frames this thread is processing are done, before what they produced is written.</summary>
    [ThreadStatic]
    private static List<Action>? afterProcessing;

    /// <summary>Whether this thread is processing frames read by a coalescing transport.</summary>
    [ThreadStatic]
    private static bool processingFrames;

    /// <summary>The managed thread id processing frames read from this connection, or 0 between reads.</summary>
    private int processingThread;

    // Writes, guarded by sync.
    private readonly TransportAsyncCallbackArgs innerWrite;
    private byte[] held = new byte[InitialWriteBufferSize];
    private int heldLength;
    private byte[]? spare = new byte[InitialWriteBufferSize];
    private byte[]? writing;
    private bool socketWriting;
    private Exception? writeFault;
    private bool closeRequested;
    private bool innerClosed;

    public CoalescingTransport(TransportBase inner)
        : base("coalescing")
    {
        this.inner = inner;
        Principal = inner.Principal;
        innerRead = new TransportAsyncCallbackArgs { CompletedCallback = OnInnerReadCompleted };
        innerWrite = new TransportAsyncCallbackArgs { CompletedCallback = OnInnerWriteCompleted };
        State = AmqpObjectState.Opened;
    }

    /// <summary>
    /// Runs <paramref name="action"/> once the current thread has processed the frames it read (before what they
    /// produced is written), so that work those frames each ask for can be done once for all of them.
    /// </summary>
    /// <returns>False, and nothing is scheduled, when the thread is not processing frames; the caller does the work now.</returns>
    public static bool RunAfterProcessing(Action action)
    {
        if (!processingFrames)
        {
            return false;
        }

        (afterProcessing ??= []).Add(action);
        return true;
    }

    /// <summary>Whether the current thread is processing frames a coalescing transport read (see <see cref="RunAfterProcessing"/>).</summary>
    public static bool IsProcessingFrames => processingFrames;

    public override string LocalEndPoint => inner.LocalEndPoint;

    public override string RemoteEndPoint => inner.RemoteEndPoint;

    public override bool IsSecure => inner.IsSecure;

    public override void SetMonitor(ITransportMonitor usageMeter) => inner.SetMonitor(usageMeter);

    public override bool ReadAsync(TransportAsyncCallbackArgs args)
    {
        if (readEnd > readStart)
        {
            CopyBufferedTo(args);
            return false;
        }

        // Everything read so far has been processed: what it produced goes out before waiting for more.
        EndProcessing();
        waitingRead = args;
        innerRead.SetBuffer(readBuffer, 0, readBuffer.Length);
        if (inner.ReadAsync(innerRead))
        {
            return true;
        }

        waitingRead = null;
        TakeInnerRead(args);
        BeginProcessing();
        return false;
    }

    public override bool WriteAsync(TransportAsyncCallbackArgs args)
    {
        args.CompletedSynchronously = true;
        lock (sync)
        {
            if (writeFault is not null || innerClosed)
            {
                args.Exception = writeFault ?? new ObjectDisposedException(ToString());
                return false;
            }

            if (args.ByteBufferList is { } buffers)
            {
                foreach (var buffer in buffers)
                {
                    Hold(buffer.Buffer, buffer.Offset, buffer.Length);
                }
            }
            else
            {
                Hold(args.Buffer, args.Offset, args.Count);
            }
        }

        args.BytesTransfered = args.Count;
        if (Volatile.Read(ref processingThread) != Environment.CurrentManagedThreadId)
        {
            Flush();
        }

        return false;
    }

    protected override bool CloseInternal()
    {
        lock (sync)
        {
            closeRequested = true;
        }

        // Sends what is held, then closes the socket (at once when nothing is held or being written).
        Flush();
        return true;
    }

    protected override void AbortInternal()
    {
        lock (sync)
        {
            closeRequested = true;
            innerClosed = true;
            heldLength = 0;
        }

        inner.Abort();
    }

    private void OnInnerReadCompleted(TransportAsyncCallbackArgs completed)
    {
        var args = waitingRead!;
        waitingRead = null;
        TakeInnerRead(args);
        BeginProcessing();
        try
        {
            args.CompletedCallback(args);
        }
        finally
        {
            // The reader returned: it read from the socket again (which already flushed) or stopped reading.
            EndProcessing();
        }
    }

    /// <summary>Moves what the socket read gave into the reader's buffer, or passes on the end of the stream or the error.</summary>
    private void TakeInnerRead(TransportAsyncCallbackArgs args)
    {
        args.CompletedSynchronously = innerRead.CompletedSynchronously;
        var exception = innerRead.Exception;
        var transferred = innerRead.BytesTransfered;
        innerRead.Exception = null;
        innerRead.BytesTransfered = 0;
        if (exception is not null || transferred <= 0)
        {
            args.Exception = exception;
            args.BytesTransfered = 0;
            return;
        }

        readStart = 0;
        readEnd = transferred;
        CopyBufferedTo(args);
        args.CompletedSynchronously = innerRead.CompletedSynchronously;
    }

    private void CopyBufferedTo(TransportAsyncCallbackArgs args)
    {
        var count = Math.Min(readEnd - readStart, args.Count);
        Buffer.BlockCopy(readBuffer, readStart, args.Buffer, args.Offset, count);
        readStart += count;
        args.BytesTransfered = count;
        args.Exception = null;
        args.CompletedSynchronously = true;
    }

    private void BeginProcessing()
    {
        Volatile.Write(ref processingThread, Environment.CurrentManagedThreadId);
        processingFrames = true;
    }

    private void EndProcessing()
    {
        if (processingThread != Environment.CurrentManagedThreadId)
        {
            return;
        }

        try
        {
            // Deferred work may write frames (and defer more): it runs while writes are still held, so they join the flush.
            while (afterProcessing is { Count: > 0 } actions)
            {
                afterProcessing = null;
                foreach (var action in actions)
                {
                    action();
                }
            }
        }
        finally
        {
            afterProcessing = null;
            processingFrames = false;
            Volatile.Write(ref processingThread, 0);
            Flush();
        }
    }

    /// <summary>Copies a frame (or part of one) behind the held bytes. Called under the lock.</summary>
    private void Hold(byte[] source, int offset, int count)
    {
        if (heldLength + count > held.Length)
        {
            var grown = new byte[Math.Max(held.Length * 2, heldLength + count)];
            Buffer.BlockCopy(held, 0, grown, 0, heldLength);
            held = grown;
        }

        Buffer.BlockCopy(source, offset, held, heldLength, count);
        heldLength += count;
    }

    /// <summary>Writes the held bytes, unless a write is already under way (its completion writes them).</summary>
    private void Flush()
    {
        while (true)
        {
            var closeSocket = false;
            lock (sync)
            {
                if (socketWriting || innerClosed)
                {
                    return;
                }

                if (heldLength > 0)
                {
                    socketWriting = true;
                    writing = held;
                    innerWrite.SetBuffer(held, 0, heldLength);
                    held = spare ?? new byte[InitialWriteBufferSize];
                    spare = null;
                    heldLength = 0;
                }
                else if (closeRequested)
                {
                    innerClosed = true;
                    closeSocket = true;
                }
                else
                {
                    return;
                }
            }

            if (closeSocket)
            {
                inner.SafeClose();
                return;
            }

            bool pending;
            try
            {
                pending = inner.WriteAsync(innerWrite);
            }
            catch (Exception exception) when (ClientFault.IsContainable(exception))
            {
                innerWrite.Exception = exception;
                pending = false;
            }

            if (pending)
            {
                return;
            }

            CompleteInnerWrite();
        }
    }

    private void OnInnerWriteCompleted(TransportAsyncCallbackArgs completed)
    {
        CompleteInnerWrite();
        Flush();
    }

    private void CompleteInnerWrite()
    {
        lock (sync)
        {
            writeFault ??= innerWrite.Exception;
            if (writing is { Length: <= KeptWriteBufferSize } done)
            {
                spare = done;
            }

            writing = null;
            innerWrite.SetBuffer(null, 0, 0);
            innerWrite.BytesTransfered = 0;
            innerWrite.Exception = null;
            socketWriting = false;
            if (writeFault is not null)
            {
                heldLength = 0;
            }
        }
    }
}

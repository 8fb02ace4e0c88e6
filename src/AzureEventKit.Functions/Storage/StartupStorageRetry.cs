using Azure;

namespace AzureEventKit.Functions.Storage;

/// <summary>
/// Runs a start-up step against storage (creating tables, seeding rows) through a short outage: a host that restarts
/// while Tables answers 503, or does not answer at all, for a few seconds waits and starts, instead of failing its
/// start. An answer that retrying cannot change (a wrong connection, a bad name, no permission) still fails the start
/// at once, which is the point of doing these steps at start-up.
/// </summary>
internal static class StartupStorageRetry
{
    /// <summary>How long a start-up step keeps trying before the start fails with the last error.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(Func<CancellationToken, Task> step, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var delay = FirstDelay;
        while (true)
        {
            try
            {
                await step(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception exception) when (IsTransient(exception) && time.GetElapsedTime(started) + delay < Window)
            {
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
            }
        }
    }

    /// <summary>
    /// Timeouts, throttling, server errors, and no answer at all (status 0: the connection failed). When every one of the
    /// client's own retries failed without an answer, the client throws them together as an <see cref="AggregateException"/>.
    /// </summary>
    private static bool IsTransient(Exception exception) => exception switch
    {
        RequestFailedException failed => failed.Status is 0 or 408 or 429 or >= 500,
        AggregateException attempts => attempts.InnerExceptions.Count > 0 && attempts.InnerExceptions.All(IsTransient),
        _ => false,
    };
}

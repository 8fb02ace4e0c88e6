using Microsoft.Extensions.Options;

namespace AzureEventKit.Functions.Messaging;

/// <summary>
/// The wait before abandoning a transiently failed message, growing with its delivery count (see
/// <see cref="TransientBackoffOptions"/>). Service Bus redelivers an abandoned message at once, so without this wait
/// every delivery of a message is spent within a second of a dependency going down.
/// </summary>
public sealed class TransientBackoff(IOptions<TransientBackoffOptions> options, TimeProvider timeProvider)
{
    private const double Jitter = 0.2;

    /// <summary>The wait before abandoning delivery <paramref name="deliveryCount"/> (1 = first), without jitter.</summary>
    public TimeSpan DelayFor(int deliveryCount)
    {
        var settings = options.Value;
        var exponent = Math.Clamp(deliveryCount, 1, 31) - 1;
        var delay = settings.FirstDelay.TotalMilliseconds * Math.Pow(2, exponent);
        return TimeSpan.FromMilliseconds(Math.Min(delay, settings.MaxDelay.TotalMilliseconds));
    }

    /// <summary>
    /// Waits <see cref="DelayFor"/> plus jitter (capped at the maximum). Returns early, without throwing, when
    /// <paramref name="cancellationToken"/> is cancelled: a host shutting down should abandon at once, not wait.
    /// </summary>
    public async Task WaitBeforeAbandonAsync(int deliveryCount, CancellationToken cancellationToken = default)
    {
        var delay = DelayFor(deliveryCount) * (1 + (Jitter * Random.Shared.NextDouble()));
        if (delay > options.Value.MaxDelay)
        {
            delay = options.Value.MaxDelay;
        }

        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: abandon now so the message comes back to another instance without waiting for the lock.
        }
    }
}

using Microsoft.Extensions.Time.Testing;

namespace AzureEventKit.Functions.Tests.Infrastructure;

/// <summary>
/// TEST CLOCK: a <see cref="FakeTimeProvider"/> that also tells when code under test starts waiting on it (creates a
/// timer), so a test can assert that nothing happens before it advances the clock, without sleeping.
/// </summary>
public sealed class TimerWatch : TimeProvider
{
    private readonly TaskCompletionSource<TimeSpan> firstTimer = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public FakeTimeProvider Fake { get; } = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    /// <summary>Completes with the due time of the first timer created.</summary>
    public Task<TimeSpan> FirstTimer => firstTimer.Task;

    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

    public override long GetTimestamp() => Fake.GetTimestamp();

    public override long TimestampFrequency => Fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => Fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = Fake.CreateTimer(callback, state, dueTime, period);
        firstTimer.TrySetResult(dueTime);
        return timer;
    }
}

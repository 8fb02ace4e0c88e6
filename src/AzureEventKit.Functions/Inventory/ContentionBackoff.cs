namespace AzureEventKit.Functions.Inventory;

/// <summary>
/// How long a loser of an optimistic race waits before re-reading. The jitter spreads out orders that collided, so
/// they do not collide again in lock step; the cap keeps one activity execution short.
/// </summary>
internal static class ContentionBackoff
{
    private static readonly TimeSpan Cap = TimeSpan.FromMilliseconds(200);

    public static TimeSpan Next(int attempt)
    {
        var ceilingMs = Math.Min(Cap.TotalMilliseconds, 5 * Math.Pow(1.5, Math.Min(attempt, 12)));
#pragma warning disable CA5394 // Jitter needs no cryptographic randomness.
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceilingMs);
#pragma warning restore CA5394
    }
}

namespace AzureEventKit.EndToEnd.Tests;

/// <summary>Bounded waiting: every wait in these tests has a deadline.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string because)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (!await condition())
            {
                await Task.Delay(100, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"Not within {timeout.TotalSeconds:F0}s: {because}");
        }
    }

    /// <summary>Whether <paramref name="condition"/> became true within <paramref name="timeout"/>, for a failure message that shows the final state.</summary>
    public static async Task<bool> WhetherAsync(Func<bool> condition, TimeSpan timeout)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (!condition())
            {
                await Task.Delay(100, deadline.Token);
            }

            return true;
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public static Task TrueAsync(Func<bool> condition, TimeSpan timeout, string because) =>
        TrueAsync(() => Task.FromResult(condition()), timeout, because);

    /// <summary>A token that cancels after <paramref name="timeout"/> or when the test is cancelled.</summary>
    public static CancellationTokenSource Within(TimeSpan timeout)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        source.CancelAfter(timeout);
        return source;
    }
}

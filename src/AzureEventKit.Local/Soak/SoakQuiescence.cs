namespace AzureEventKit.Local.Soak;

/// <summary>Quiescence: no subscription holds an active, locked or dead-lettered message, three checks in a row.</summary>
internal static class SoakQuiescence
{
    private const int ChecksInARow = 3;

    public static async Task<bool> WaitAsync(LocalStack stack, CancellationToken cancellationToken)
    {
        var quiet = 0;
        try
        {
            while (quiet < ChecksInARow)
            {
                var busy = stack.Emulator.GetAllCounts().Any(c => c.Active > 0 || c.Locked > 0 || c.DeadLetter > 0);
                quiet = busy ? 0 : quiet + 1;
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}

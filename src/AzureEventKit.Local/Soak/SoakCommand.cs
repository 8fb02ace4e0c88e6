using EventKit.Functions.Testing.Faults;

namespace AzureEventKit.Local.Soak;

/// <summary><c>--soak N</c>: starts the local stack with the soak's settings and a Tables fault, runs the soak, reports.</summary>
internal static class SoakCommand
{
    public static async Task<int> RunAsync(LocalOptions local, SoakOptions soak, CancellationToken cancellationToken)
    {
        var result = await RunSoakAsync(local, soak, Console.Error, cancellationToken);
        return SoakReport.Print(result);
    }

    /// <summary>
    /// Runs one soak on a stack of its own and returns what it found (the CI soak test calls this too). Progress and, when
    /// the soak fails, where to start looking (what Service Bus still holds, the end of the app's log) go to <paramref name="log"/>.
    /// </summary>
    public static async Task<SoakResult> RunSoakAsync(LocalOptions local, SoakOptions soak, TextWriter log, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string>(soak.AppSettings(), StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in local.Settings)
        {
            settings[key] = value;
        }

        var outage = new DependencyOutage();
        await using var stack = await LocalStack.StartAsync(
            local with
            {
                Settings = settings,
                Quiet = Environment.GetEnvironmentVariable("EVENTKIT_SOAK_LOG") != "1",
                TablesOutage = outage,
                DurableQueueVisibilityTimeout = SoakOptions.DurableQueueVisibilityTimeout,
                ServiceBusLockDuration = SoakOptions.ServiceBusLockDuration,
            },
            cancellationToken);
        await log.WriteLineAsync($"Soak: {soak.Orders} orders at {soak.OrdersPerSecond:0.#}/s from up to {soak.Callers} callers against {stack.Host.BaseAddress} (timeout {soak.Timeout:g}).");
        var result = await new SoakRunner(stack, soak, outage).RunAsync(cancellationToken);
        if (!result.Passed)
        {
            foreach (var counts in stack.Emulator.GetAllCounts().Where(c => c.Active > 0 || c.Locked > 0 || c.DeadLetter > 0))
            {
                await log.WriteLineAsync($"{counts.Path}: active {counts.Active}, locked {counts.Locked}, dead-lettered {counts.DeadLetter}");
            }

            foreach (var line in stack.Log.Recent(40))
            {
                await log.WriteLineAsync(line);
            }
        }

        return result;
    }
}

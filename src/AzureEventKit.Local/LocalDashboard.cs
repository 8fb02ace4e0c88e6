using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AzureEventKit.Local;

/// <summary>
/// The run's trace viewer: the Aspire Dashboard when it is wanted and this build has it, and the emulator's logging pointed
/// at it; otherwise the reason there is none, which the run command prints before it carries on without one.
/// </summary>
internal sealed class LocalDashboard : IAsyncDisposable
{
    private LocalDashboard(AspireDashboard? running, string? absent)
    {
        Running = running;
        Absent = absent;
        EmulatorLogging = running is null ? NullLoggerFactory.Instance : LocalTelemetry.EmulatorLogging(running.OtlpEndpoint);
    }

    /// <summary>The dashboard, or null.</summary>
    public AspireDashboard? Running { get; private set; }

    /// <summary>Why there is no dashboard, in the user's terms; null when there is one.</summary>
    public string? Absent { get; private set; }

    /// <summary>The Service Bus emulator's logging: to the dashboard, or nowhere.</summary>
    public ILoggerFactory EmulatorLogging { get; }

    public static LocalDashboard Start(bool wanted)
    {
        if (!wanted)
        {
            return new LocalDashboard(null, "--no-dashboard");
        }

        var executable = AspireDashboard.FindExecutable(out var reason);
        if (executable is null)
        {
            return new LocalDashboard(null, reason);
        }

        try
        {
            return new LocalDashboard(AspireDashboard.Start(executable), null);
        }
        catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return new LocalDashboard(null, $"the Aspire Dashboard did not start ({exception.Message})");
        }
    }

    /// <summary>Waits for the dashboard to answer; one that does not is stopped, and the run goes on without it.</summary>
    public async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        if (Running is null || await Running.WaitUntilReadyAsync(cancellationToken))
        {
            return;
        }

        await Running.DisposeAsync();
        Running = null;
        Absent = "the Aspire Dashboard did not answer within a minute of starting";
    }

    public async ValueTask DisposeAsync()
    {
        // Flushes the emulator's last log entries while the dashboard still listens.
        EmulatorLogging.Dispose();
        if (Running is not null)
        {
            await Running.DisposeAsync();
        }
    }
}

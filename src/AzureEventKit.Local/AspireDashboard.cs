using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;

namespace AzureEventKit.Local;

/// <summary>
/// The local trace viewer: the standalone .NET Aspire Dashboard, started from the Aspire.Dashboard.Sdk.&lt;runtime&gt;
/// package that restore brought (the project file records its folder), on loopback ports that are free (18888 for the
/// browser and 4317 for OTLP/gRPC when they are), with anonymous access because nothing outside this machine can reach it.
/// It is stopped, with everything it started, when the run ends.
/// </summary>
internal sealed class AspireDashboard : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly Process process;

    private AspireDashboard(Process process, Uri url, Uri otlpEndpoint)
    {
        this.process = process;
        Url = url;
        OtlpEndpoint = otlpEndpoint;
    }

    /// <summary>The dashboard in a browser.</summary>
    public Uri Url { get; }

    /// <summary>Where OTLP/gRPC goes: the value for OTEL_EXPORTER_OTLP_ENDPOINT.</summary>
    public Uri OtlpEndpoint { get; }

    /// <summary>The dashboard's executable, or null with the reason there is none, in the user's terms.</summary>
    public static string? FindExecutable(out string reason)
    {
        var runtime = RuntimeInformation.RuntimeIdentifier;
        var folder = typeof(AspireDashboard).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "AspireDashboardFolder")?.Value;
        if (string.IsNullOrEmpty(folder))
        {
            reason = $"this build has no Aspire Dashboard: the package Aspire.Dashboard.Sdk.{runtime} is not one the project "
                + "references for this machine, or it was built with -p:AspireDashboard=false (for a feed that lacks it)";
            return null;
        }

        var executable = Path.Combine(folder, "tools", OperatingSystem.IsWindows() ? "Aspire.Dashboard.exe" : "Aspire.Dashboard");
        if (!File.Exists(executable))
        {
            reason = $"the Aspire Dashboard is not where restore put it ({executable}); run 'dotnet restore' and try again";
            return null;
        }

        reason = string.Empty;
        return executable;
    }

    /// <summary>Starts the dashboard; it is ready to show telemetry once <see cref="WaitUntilReadyAsync"/> returns true.</summary>
    public static AspireDashboard Start(string executable)
    {
        var browserPort = PreferredOrFree(18888);
        var otlpPort = PreferredOrFree(4317);
        var otlpHttpPort = PreferredOrFree(4318);
        var start = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(executable)!,
            Environment =
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{browserPort}",
                ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{otlpPort}",
                ["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = $"http://127.0.0.1:{otlpHttpPort}",

                // Loopback only, so no sign-in: nothing outside this machine reaches these ports.
                ["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true",
                ["DOTNET_ENVIRONMENT"] = "Production",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
            },
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");

        // Its console output is its own start-up banner and warnings about running unsecured; drained so it never blocks.
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // The orderly stop is DisposeAsync; this covers a run that ends before reaching it (a second Ctrl+C, SIGTERM with a
        // slow shutdown), so no dashboard outlives the run that started it.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopNow(process);
        return new AspireDashboard(process, new Uri($"http://127.0.0.1:{browserPort}/"), new Uri($"http://127.0.0.1:{otlpPort}"));
    }

    /// <summary>Waits (at most a minute) until the dashboard answers; false if it exited or never answered.</summary>
    public async Task<bool> WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout && !process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(Url, "health"), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Listening but slow to answer while it starts.
            }

            await Task.Delay(250, cancellationToken);
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                using var stop = new CancellationTokenSource(StopTimeout);
                await process.WaitForExitAsync(stop.Token);
            }
        }
        catch (Exception exception) when (exception is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            // Already gone, or it did not stop in time; it holds no state worth waiting for.
        }
        finally
        {
            process.Dispose();
        }
    }

    private static void StopNow(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone (or disposed by DisposeAsync).
        }
    }

    private static int PreferredOrFree(int preferred)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, preferred);
            listener.Start();
            return preferred;
        }
        catch (SocketException)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}

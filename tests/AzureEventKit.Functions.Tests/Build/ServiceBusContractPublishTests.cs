using System.Diagnostics;

namespace AzureEventKit.Functions.Tests.Build;

/// <summary>
/// A build compiled against eng/ServiceBusContract has no host-side Service Bus extension, so its triggers would
/// never fire in Azure. These tests run the real `dotnet publish` and prove it is refused, and only then.
/// </summary>
public sealed class ServiceBusContractPublishTests
{
    private static readonly string FunctionsProject = Path.Combine(
        RepositoryRoot(), "src", "AzureEventKit.Functions", "AzureEventKit.Functions.csproj");

    [Fact]
    public async Task Publish_ContractBuild_IsRefusedWithExplanation()
    {
        var (exitCode, output) = await RunDotnetAsync(
            "publish", FunctionsProject, "--no-build", "--no-restore", "-p:EventKitServiceBusContract=true",
            "-o", Path.Combine(Path.GetTempPath(), "eventkit-refused-publish-" + Guid.NewGuid().ToString("N")));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("EVENTKIT001", output, StringComparison.Ordinal);
        Assert.Contains("Service Bus compile-time contract", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusalTarget_RealPackageBuild_DoesNotFire()
    {
        // Evaluates only the guard target, so the test does not depend on which package the feed can restore.
        var (exitCode, output) = await RunDotnetAsync(
            "msbuild", FunctionsProject, "-t:EventKitRefuseContractPublish", "-p:_IsPublishing=true",
            "-p:EventKitServiceBusContract=false", "-restore:false", "-nologo");

        Assert.True(exitCode == 0, output);
        Assert.DoesNotContain("EVENTKIT001", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunDotnetAsync(params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // The caller's choice must not leak in: each test states the mode it exercises.
        startInfo.Environment.Remove("EventKitServiceBusContract");
        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AzureEventKit.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Tests must run inside the repository (AzureEventKit.sln not found above " + AppContext.BaseDirectory + ").");
    }
}

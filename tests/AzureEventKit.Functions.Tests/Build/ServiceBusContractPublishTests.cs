using AzureEventKit.Functions.Tests.Infrastructure;

namespace AzureEventKit.Functions.Tests.Build;

/// <summary>
/// A build compiled against eng/ServiceBusContract has no host-side Service Bus extension, so its triggers would
/// never fire in Azure. These tests run the real `dotnet publish` and prove it is refused, and only then.
/// </summary>
public sealed class ServiceBusContractPublishTests
{
    private static readonly string FunctionsProject = Repository.PathOf("src", "AzureEventKit.Functions", "AzureEventKit.Functions.csproj");

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

    // The caller's choice must not leak in: each test states the mode it exercises.
    private static Task<(int ExitCode, string Output)> RunDotnetAsync(params string[] arguments) =>
        Repository.RunAsync("dotnet", arguments, TimeSpan.FromMinutes(2), startInfo => startInfo.Environment.Remove("EventKitServiceBusContract"));
}

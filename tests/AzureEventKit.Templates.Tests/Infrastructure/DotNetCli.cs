namespace AzureEventKit.Templates.Tests.Infrastructure;

/// <summary>
/// Runs the .NET CLI for the template tests: quiet, without telemetry or lingering MSBuild nodes, and without the
/// MSBuild variables a parent `dotnet test` leaves in the environment. Generated solutions build against the real Service
/// Bus extension when the feed serves it and against the compile-time contract when it does not
/// (<see cref="ServiceBusExtensionFeed"/>; see eng/README.md).
/// </summary>
internal static class DotNetCli
{
    private static readonly string[] InheritedVariablesToDrop =
    [
        "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly",
        "DOTNET_HOST_PATH", "VSTEST_HOST_DEBUG", "TESTINGPLATFORM_DIAGNOSTIC",
    ];

    public static Task<ProcessResult> RunAsync(string workingDirectory, params string[] arguments) =>
        RunAsync(workingDirectory, arguments, TimeSpan.FromMinutes(10));

    public static async Task<ProcessResult> RunAsync(
        string workingDirectory, IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string?>? extraEnvironment = null)
    {
        var environment = ChildEnvironment();
        environment["EventKitServiceBusContract"] = await ServiceBusExtensionFeed.ContractSettingAsync();
        foreach (var (name, value) in extraEnvironment ?? new Dictionary<string, string?>())
        {
            environment[name] = value;
        }

        return await ProcessRunner.RunAsync("dotnet", arguments, workingDirectory, environment, timeout);
    }

    /// <summary>
    /// The environment changes every child process of the template tests gets (null removes a variable), without
    /// EventKitServiceBusContract: callers decide it.
    /// </summary>
    public static Dictionary<string, string?> ChildEnvironment()
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
            ["DOTNET_CLI_UI_LANGUAGE"] = "en",
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["EventKitServiceBusContract"] = null,
        };
        foreach (var name in InheritedVariablesToDrop)
        {
            environment[name] = null;
        }

        foreach (var name in Environment.GetEnvironmentVariables().Keys.OfType<string>()
                     .Where(n => n.StartsWith("TESTINGPLATFORM_", StringComparison.OrdinalIgnoreCase)))
        {
            environment[name] = null;
        }

        return environment;
    }
}

namespace AzureEventKit.Templates.Tests.Infrastructure;

/// <summary>
/// One pack of templates/AzureEventKit.Templates.csproj per test run, installed into a private template hive
/// (`--debug:custom-hive`) so that nothing touches the user's own `dotnet new` installation. Disposing uninstalls the
/// package and deletes the working folder (keep it with EVENTKIT_TEMPLATE_KEEP=1 to inspect generated solutions).
/// </summary>
public sealed class TemplateHive : IAsyncLifetime
{
    public const string PackageId = "AzureEventKit.Templates";

    public string WorkRoot { get; } = Path.Combine(Path.GetTempPath(), $"eventkit-templates-{Guid.NewGuid():N}"[..32]);

    public string HivePath => Path.Combine(WorkRoot, "hive");

    public string PackagePath { get; private set; } = "";

    public ProcessResult PackResult { get; private set; } = null!;

    public ProcessResult InstallResult { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(WorkRoot);
        var packageOutput = Path.Combine(WorkRoot, "package");
        PackResult = await DotNetCli.RunAsync(Repository.Root, "pack", Repository.TemplatePackProject, "-c", "Release", "-o", packageOutput, "-nodeReuse:false");
        if (!PackResult.Succeeded)
        {
            throw new InvalidOperationException($"Packing the templates failed.\n{PackResult}");
        }

        PackagePath = Directory.GetFiles(packageOutput, "*.nupkg").Single();
        InstallResult = await NewAsync(WorkRoot, "install", PackagePath);
        if (!InstallResult.Succeeded)
        {
            throw new InvalidOperationException($"Installing the template package failed.\n{InstallResult}");
        }
    }

    // `dotnet new` reads and rewrites the hive's packages.json on every run; two at once fail with "the process cannot
    // access the file ... packages.json because it is being used by another process" (seen when test classes generate
    // solutions in parallel), so runs against one hive take turns. Building and testing what they generate does not.
    private readonly SemaphoreSlim oneAtATime = new(1, 1);

    /// <summary>Runs `dotnet new &lt;arguments&gt;` against the private hive, one run at a time.</summary>
    public async Task<ProcessResult> NewAsync(string workingDirectory, params string[] arguments)
    {
        await oneAtATime.WaitAsync();
        try
        {
            return await DotNetCli.RunAsync(workingDirectory, ["new", .. arguments, "--debug:custom-hive", HivePath], TimeSpan.FromMinutes(5));
        }
        finally
        {
            oneAtATime.Release();
        }
    }

    /// <summary>
    /// Runs an item template (`dotnet new &lt;arguments&gt; --allow-scripts yes`) whose post-action builds and runs some of the
    /// solution's tests (infra snapshots, the events document), so it gets as long as a build. It takes its turn on the
    /// hive like every other run: `dotnet new` holds the hive until its post-action ends.
    /// </summary>
    public async Task<ProcessResult> NewItemAsync(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        await oneAtATime.WaitAsync();
        try
        {
            return await DotNetCli.RunAsync(
                workingDirectory, ["new", .. arguments, "--allow-scripts", "yes", "--debug:custom-hive", HivePath], TimeSpan.FromMinutes(20), environment);
        }
        finally
        {
            oneAtATime.Release();
        }
    }

    /// <summary>A fresh, empty folder under this run's working root.</summary>
    public string NewFolder(string name)
    {
        var path = Path.Combine(WorkRoot, $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)]);
        Directory.CreateDirectory(path);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        var uninstall = await NewAsync(WorkRoot, "uninstall", PackageId);
        oneAtATime.Dispose();
        if (Environment.GetEnvironmentVariable("EVENTKIT_TEMPLATE_KEEP") != "1")
        {
            try
            {
                Directory.Delete(WorkRoot, recursive: true);
            }
            catch (IOException)
            {
                // A build server may still hold a file for a moment; the folder is under the temp path.
            }
        }

        if (!uninstall.Succeeded)
        {
            throw new InvalidOperationException($"Uninstalling the template package failed.\n{uninstall}");
        }
    }
}

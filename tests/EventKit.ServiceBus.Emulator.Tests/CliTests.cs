using EventKit.ServiceBus.Emulator.Cli;

namespace EventKit.ServiceBus.Emulator.Tests;

public sealed class CliTests
{
    [Fact]
    public async Task Invoke_InvalidConfig_ExitsWithCode2()
    {
        var path = Path.Combine(Path.GetTempPath(), $"cli-bad-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, """{"UserConfig":{"Namespaces":[{"Name":"ns","Queues":[{"Name":"q","Properties":{"MaxDeliveryCount":-1}}]}]}}""", TestContext.Current.CancellationToken);
        try
        {
            var exitCode = await EmulatorCommand.Create().Parse(["--config", path, "--port", "0", "--inspection-port", "-1"]).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);

            Assert.Equal(2, exitCode);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Invoke_ValidConfigThenCancelled_StopsGracefullyWithCode0()
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        stop.CancelAfter(TimeSpan.FromSeconds(1));

        var exitCode = await EmulatorCommand.Create()
            .Parse(["--config", TestTopology.FilePath, "--port", "0", "--inspection-port", "0", "--log-level", "Warning"])
            .InvokeAsync(cancellationToken: stop.Token);

        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task Invoke_CancelledBeforeTheEmulatorIsReady_StopsGracefullyWithCode0()
    {
        // Ctrl+C can arrive while the emulator is still starting (a slow machine, a large topology).
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        await stop.CancelAsync();

        var exitCode = await EmulatorCommand.Create()
            .Parse(["--config", TestTopology.FilePath, "--port", "0", "--inspection-port", "0", "--log-level", "Warning"])
            .InvokeAsync(cancellationToken: stop.Token);

        Assert.Equal(0, exitCode);
    }

    [Fact]
    public void Parse_UnknownLogFormat_IsAnError()
    {
        var result = EmulatorCommand.Create().Parse(["--log-format", "xml"]);

        Assert.NotEmpty(result.Errors);
    }
}

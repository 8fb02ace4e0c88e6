using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using EventKit.Functions.Testing.Azurite;

namespace EventKit.Functions.Testing.Tests.Azurite;

/// <summary>
/// Azurite with a data directory keeps every write it acknowledged across a stop, as Azure Storage does, including the
/// writes of its last second (it saves on its own only every five). A local run killed mid-flight relies on it: the
/// Service Bus emulator's journal keeps everything up to the kill, so Tables and Queues must too, or a restarted app
/// sees messages whose effects were lost.
/// </summary>
public sealed class AzuritePersistenceTests : IDisposable
{
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "eventkit-azurite-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Stop_RightAfterWritesWithClientConnectionsOpen_KeepsEveryAcknowledgedWrite()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        const int Writes = 50;
        var first = await AzuriteServer.StartAsync(new AzuriteOptions { DataDirectory = dataDirectory }, cancellationToken);
        var table = new TableServiceClient(first.ConnectionString).GetTableClient("Persisted");
        var queue = new QueueServiceClient(first.ConnectionString).GetQueueClient("persisted");
        await using (first)
        {
            await table.CreateIfNotExistsAsync(cancellationToken);
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            for (var i = 0; i < Writes; i++)
            {
                await table.AddEntityAsync(new TableEntity("p", i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)), cancellationToken);
                await queue.SendMessageAsync($"message {i}", cancellationToken);
            }

            // The clients keep their connections open, as a crashed app's would until the OS closes them.
        }

        await using var second = await AzuriteServer.StartAsync(new AzuriteOptions { DataDirectory = dataDirectory }, cancellationToken);
        var rows = new TableServiceClient(second.ConnectionString).GetTableClient("Persisted").Query<TableEntity>(cancellationToken: cancellationToken).Count();
        var messages = (await new QueueServiceClient(second.ConnectionString).GetQueueClient("persisted").GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
        Assert.Equal((Writes, Writes), (rows, messages));
    }

    /// <summary>
    /// The run command killed (SIGKILL): Azurite's parent is gone, so are the read ends of its output pipes. Azurite's
    /// own stop writes "closing..." to its output; that write failed (EPIPE) and ended Azurite before it saved.
    /// </summary>
    [Fact]
    public async Task ParentGone_WithItsOutputPipesClosed_AzuriteStillSavesBeforeItExits()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        const int Writes = 20;
        var ports = (Blob: LoopbackPort.Free(), Queue: LoopbackPort.Free(), Table: LoopbackPort.Free());
        using var azurite = Process.Start(AzuriteServer.StartInfo(AzuriteServer.FindInstalledAzurite(), dataDirectory, ports.Blob, ports.Queue, ports.Table))!;
        try
        {
            var table = new TableServiceClient(AzuriteServer.ConnectionStringFor(ports.Blob, ports.Queue, ports.Table)).GetTableClient("Persisted");
            await CreateWhenListeningAsync(table, ports.Table, azurite, cancellationToken);
            for (var i = 0; i < Writes; i++)
            {
                await table.AddEntityAsync(new TableEntity("p", i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)), cancellationToken);
            }

            // What Azurite sees when the process that started it is killed: the read ends of its output pipes close, then its input.
            azurite.StandardOutput.Close();
            azurite.StandardError.Close();
            azurite.StandardInput.Close();
            using var exited = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            exited.CancelAfter(TimeSpan.FromSeconds(30));
            await azurite.WaitForExitAsync(exited.Token);
        }
        finally
        {
            if (!azurite.HasExited)
            {
                azurite.Kill(entireProcessTree: true);
            }
        }

        await using var second = await AzuriteServer.StartAsync(new AzuriteOptions { DataDirectory = dataDirectory }, cancellationToken);
        Assert.Equal(Writes, new TableServiceClient(second.ConnectionString).GetTableClient("Persisted").Query<TableEntity>(cancellationToken: cancellationToken).Count());
    }

    public void Dispose()
    {
        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static async Task CreateWhenListeningAsync(TableClient table, int tablePort, Process azurite, CancellationToken cancellationToken)
    {
        // Azurite takes seconds to open its ports on a busy machine. Wait for the port itself: the Tables client's own
        // retries give up after about six seconds of refused connections (with an AggregateException), and a loaded
        // machine can take longer than that.
        await AzuriteServer.WaitUntilListeningAsync(azurite, [tablePort], TimeSpan.FromSeconds(60), cancellationToken);
        await table.CreateIfNotExistsAsync(cancellationToken);
    }
}

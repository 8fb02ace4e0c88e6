using System.Text.Json;

namespace AzureEventKit.Local;

/// <summary>
/// <c>--ready-file</c>: once everything runs, the endpoints a script or a test needs, as JSON, written whole (to a temporary
/// file, then renamed) so that a reader never sees half of it. The function key is this run's local key, new every run.
/// </summary>
internal static class ReadyFile
{
    public static async Task WriteAsync(string path, LocalStack stack, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(new
        {
            processId = Environment.ProcessId,
            functions = stack.Host.BaseAddress.ToString(),
            functionKey = stack.Host.FunctionKey,
            storage = stack.Azurite.ConnectionString,
            azuriteProcessId = stack.Azurite.ProcessId,
            serviceBus = stack.Emulator.ConnectionString,
        }), cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }
}

using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace AzureEventKit.Functions.Tests.Infrastructure;

/// <summary>
/// TEST PROBE: an Azure SDK pipeline policy that records every Tables response status and can run one hook just
/// before the first transaction is sent. Requests still go to the real Azurite; this only observes and interleaves.
/// </summary>
public sealed class TableRequestRecorder : HttpPipelinePolicy
{
    private readonly ConcurrentQueue<(string Method, string Path, int Status)> responses = new();
    private Func<Task>? beforeFirstTransaction;

    public IReadOnlyList<(string Method, string Path, int Status)> Responses => [.. responses];

    /// <summary>Tables client options that send every request through <paramref name="recorder"/>, or plain options when it is null.</summary>
    public static Azure.Data.Tables.TableClientOptions ClientOptions(TableRequestRecorder? recorder)
    {
        var options = new Azure.Data.Tables.TableClientOptions();
        if (recorder is not null)
        {
            options.AddPolicy(recorder, HttpPipelinePosition.PerRetry);
        }

        return options;
    }

    /// <summary>Runs <paramref name="hook"/> once, right before the first <c>$batch</c> request leaves.</summary>
    public void BeforeFirstTransaction(Func<Task> hook) => beforeFirstTransaction = hook;

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal) && Interlocked.Exchange(ref beforeFirstTransaction, null) is { } hook)
        {
            await hook();
        }

        await ProcessNextAsync(message, pipeline);
        responses.Enqueue((message.Request.Method.ToString(), message.Request.Uri.Path, message.Response.Status));
    }
}

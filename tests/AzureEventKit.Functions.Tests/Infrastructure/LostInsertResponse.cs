using Azure.Core;
using Azure.Core.Pipeline;

namespace AzureEventKit.Functions.Tests.Infrastructure;

/// <summary>
/// TEST PROBE: an Azure SDK pipeline policy (install it per retry) that lets the first insert into one table reach the
/// real Azurite and then loses its response, as a dropped connection would: the SDK retries the insert, which now
/// answers 409 because the first one landed.
/// </summary>
public sealed class LostInsertResponse(string tableName) : HttpPipelinePolicy
{
    private int lost;

    public bool Lost => Volatile.Read(ref lost) == 1;

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline);
        var isInsert = message.Request.Method == RequestMethod.Post && message.Request.Uri.Path.EndsWith("/" + tableName, StringComparison.Ordinal);
        if (isInsert && message.Response.Status is 201 or 204 && Interlocked.Exchange(ref lost, 1) == 0)
        {
            throw new IOException("TEST-ONLY: the insert landed but its response was lost.");
        }
    }
}

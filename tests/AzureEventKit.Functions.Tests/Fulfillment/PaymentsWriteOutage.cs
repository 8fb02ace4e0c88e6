using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using AzureEventKit.Functions.Payments;

namespace AzureEventKit.Functions.Tests.Fulfillment;

/// <summary>
/// TEST PROBE in the Azure SDK pipeline of a real Azurite client: once <see cref="Start"/> is called, every write to the
/// Payments table fails with 503, as during a storage outage that outlasts the retries. Reads and other tables still work.
/// </summary>
internal sealed class PaymentsWriteOutage : HttpPipelinePolicy
{
    private int started;

    public int RefusedWrites { get; private set; }

    public void Start() => Volatile.Write(ref started, 1);

    public static TableServiceClient Client(string connectionString, PaymentsWriteOutage outage)
    {
        var options = new TableClientOptions();
        options.AddPolicy(outage, HttpPipelinePosition.PerCall);
        return new TableServiceClient(connectionString, options);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Refuse(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Refuse(message);
        return ProcessNextAsync(message, pipeline);
    }

    private void Refuse(HttpMessage message)
    {
        var isWrite = message.Request.Method != RequestMethod.Get;
        var isPayments = message.Request.Uri.Path.Contains("/" + PaymentEntity.Table, StringComparison.Ordinal);
        if (Volatile.Read(ref started) == 1 && isWrite && isPayments)
        {
            RefusedWrites++;
            throw new RequestFailedException(503, "TEST-ONLY: the Payments table refuses writes (simulated storage outage).");
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace AzureEventKit.Functions.Tests.Fulfillment;

/// <summary>
/// Sums what one counter instance records. It listens to that exact instrument object, so parallel tests, each with
/// its own telemetry instance, never see each other's measurements.
/// </summary>
internal sealed class CounterRecorder : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentQueue<(long Value, Dictionary<string, object?> Tags)> measurements = new();

    public CounterRecorder(Counter<long> counter)
    {
        listener.InstrumentPublished = (instrument, meterListener) =>
        {
            if (ReferenceEquals(instrument, counter))
            {
                meterListener.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            measurements.Enqueue((value, copy));
        });
        listener.Start();
    }

    public long Total => measurements.Sum(measurement => measurement.Value);

    public IReadOnlyList<object?> TagValues(string key) => [.. measurements.Select(measurement => measurement.Tags.GetValueOrDefault(key))];

    public void Dispose() => listener.Dispose();
}

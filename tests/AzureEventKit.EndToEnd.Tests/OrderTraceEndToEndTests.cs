using System.Text;
using AzureEventKit.EndToEnd.Tests.Otlp;
using SpanKind = AzureEventKit.EndToEnd.Tests.Otlp.Span.Types.SpanKind;

namespace AzureEventKit.EndToEnd.Tests;

/// <summary>
/// One order is one trace, as a trace viewer (the Aspire Dashboard locally) receives it over OTLP: the HTTP request, the
/// OrderPlaced publish, each subscriber, the orchestration and its activities, OrderCompleted and its subscribers.
/// </summary>
[Collection(OtlpGroup.Name)]
public sealed class OrderTraceEndToEndTests(OtlpFixture fixture)
{
    private static readonly TimeSpan OneOrder = TimeSpan.FromSeconds(60);

    /// <summary>Every hop of a completed order, by span name (the HTTP request is asserted by kind).</summary>
    private static readonly string[] Hops =
    [
        "Invoke PlaceOrder",
        "publish orders.placed.v1",
        "process orders.placed.v1 (fulfillment)",
        "process orders.placed.v1 (projections)",
        "Invoke StartFulfillment",
        "orchestration:OrderFulfillment",
        "activity:ReserveInventory",
        "activity:AuthorizePayment",
        "activity:CreateShipment",
        "publish orders.completed.v1",
        "process orders.completed.v1 (projections)",
        "process orders.completed.v1 (notifications)",
    ];

    [Fact]
    public async Task PlaceOrder_ExportedOverOtlp_OneTraceFromHttpRequestToEverySubscriber()
    {
        using var api = fixture.CreateApi();
        using var within = Eventually.Within(OneOrder);
        var receiver = fixture.Receiver;

        var orderId = await api.PlaceAsync(OrdersApi.NewOrder("otlp-trace", EndToEndFixture.HappySku), within.Token);
        await api.ConfirmWhenAcceptedAsync(orderId, within.Token);
        await api.WaitForStatusAsync(orderId, within.Token, "Completed");

        ReceivedSpan? placed = null;
        await Eventually.TrueAsync(() => (placed = receiver.Spans.FirstOrDefault(s => s.Name == "publish orders.placed.v1" && s.Attributes.GetValueOrDefault("order.id") == orderId)) is not null, OneOrder, "the OrderPlaced publish span exported");
        var traceId = placed!.TraceId;
        List<ReceivedSpan> Trace() => [.. receiver.Spans.Where(s => s.TraceId == traceId)];

        // Spans arrive as they end, children before parents: wait until every hop and every parent has arrived.
        var joined = await Eventually.WhetherAsync(
            () => Hops.All(h => Trace().Any(s => s.Name == h)) && Trace().Count(s => !Trace().Any(p => p.SpanId == s.ParentSpanId)) == 1,
            OneOrder);
        Assert.True(joined, $"Not within {OneOrder.TotalSeconds:F0}s: every hop exported in the order's trace, joined to one root. The trace:\n{Render(Trace())}");

        var trace = Trace();
        var tree = Render(trace);
        var root = Assert.Single(trace, s => !trace.Any(p => p.SpanId == s.ParentSpanId));
        Assert.True(root.Kind == SpanKind.Server && root.Scope.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) && root.ParentSpanId.Length == 0, $"the root is the HTTP request:\n{tree}");
        Assert.All(trace, s => Assert.Equal(OtlpFixture.ServiceName, s.Service));
        Assert.Contains(trace, s => s.Name == "publish orders.placed.v1" && s.Kind == SpanKind.Producer);
        Assert.Contains(trace, s => s.Name.StartsWith("process orders.placed.v1", StringComparison.Ordinal) && s.Kind == SpanKind.Consumer);
        Assert.Contains("process orders.placed.v1 (fulfillment)", Ancestors(trace, "orchestration:OrderFulfillment"));
        Assert.Contains("orchestration:OrderFulfillment", Ancestors(trace, "publish orders.completed.v1"));
        Assert.Contains("publish orders.completed.v1", Ancestors(trace, "process orders.completed.v1 (notifications)"));
        Assert.DoesNotContain(receiver.Spans, s => s.TraceId != traceId && Hops.Contains(s.Name) && s.Attributes.GetValueOrDefault("order.id") == orderId);

        // Metrics and logs go to the same endpoint; the app's logs for the order carry its trace id.
        await Eventually.TrueAsync(() => receiver.Metrics.ContainsKey((OtlpFixture.ServiceName, "orders.placed")), OneOrder, "the orders.placed metric exported");
        await Eventually.TrueAsync(() => receiver.Logs.Any(l => l.Service == OtlpFixture.ServiceName && l.TraceId == traceId), OneOrder, "logs exported with the order's trace id");
    }

    /// <summary>The names of the spans above the (first) span named <paramref name="name"/>, nearest first.</summary>
    private static List<string> Ancestors(IReadOnlyList<ReceivedSpan> trace, string name)
    {
        var names = new List<string>();
        for (var span = trace.First(s => s.Name == name); trace.FirstOrDefault(p => p.SpanId == span.ParentSpanId) is { } parent; span = parent)
        {
            names.Add(parent.Name);
        }

        return names;
    }

    /// <summary>The trace as an indented tree, for failure messages.</summary>
    private static string Render(IReadOnlyList<ReceivedSpan> trace)
    {
        var text = new StringBuilder();
        void Write(ReceivedSpan span, int depth)
        {
            text.Append(' ', depth * 2).Append($"{span.Kind} {span.Name} [{span.Scope}]").AppendLine();
            foreach (var child in trace.Where(c => c.ParentSpanId == span.SpanId))
            {
                Write(child, depth + 1);
            }
        }

        foreach (var root in trace.Where(s => !trace.Any(p => p.SpanId == s.ParentSpanId)))
        {
            Write(root, 0);
        }

        return text.ToString();
    }
}

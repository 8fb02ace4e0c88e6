using Azure.Data.Tables;

namespace AzureEventKit.EndToEnd.Tests;

/// <summary>Many orders at once against limited stock, on a stack of its own.</summary>
[Collection(LoadGroup.Name)]
public sealed class LoadEndToEndTests(LoadFixture fixture)
{
    /// <remarks>
    /// The seconds are a deadline against hangs, not a speed target. The 200-order row is also the guard against the kit's
    /// Durable dispatch collapsing under load again: before the kit enforced host.json's Durable concurrency itself, the
    /// in-process test host ran about four orchestration episodes per second on 2 cores and this row did not finish in 150 s.
    /// </remarks>
    [Theory]
    [InlineData(40, EndToEndFixture.SmallScarceSku, 150)]
    [InlineData(200, EndToEndFixture.ScarceSku, 150)]
    public async Task ConcurrentOrders_LimitedStock_NeverOversellAndAllFinish(int orders, string sku, int seconds)
    {
        using var api = fixture.CreateApi();
        using var within = Eventually.Within(TimeSpan.FromSeconds(seconds));
        var before = await AvailableAsync(sku, within.Token);
        Assert.True(before < orders, "the stock must be scarcer than the orders");

        var ids = await Task.WhenAll(Enumerable.Range(0, orders).Select(i =>
            api.PlaceAsync(OrdersApi.NewOrder($"e2e-rush-{i:000}", sku), within.Token)));
        var following = Task.WhenAll(ids.Select(async (id, i) =>
        {
            await Task.Delay(i * 2000 / orders, within.Token); // spread the polling over the 2 s interval
            var confirmed = false;
            while (true)
            {
                var status = OrdersApi.Status(await api.GetOrderAsync(id, within.Token));
                if (status is "Completed" or "Failed")
                {
                    return status;
                }

                // Confirm once the saga has authorized the payment; orders that got no stock fail before that.
                if (!confirmed && status == "PaymentAuthorized")
                {
                    confirmed = (int)await api.ConfirmPaymentAsync(id, within.Token) is >= 200 and < 300;
                }

                await Task.Delay(2000, within.Token);
            }
        }));
        string[] outcomes;
        try
        {
            outcomes = await following;
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"Not every order finished in time. Read model / saga states: {await DescribeAsync(api, ids)}");
            throw;
        }

        var completed = outcomes.Count(s => s == "Completed");
        var after = await AvailableAsync(sku, within.Token);
        Assert.Equal(orders, outcomes.Length);
        Assert.InRange(completed, 1, before);
        Assert.True(after >= 0, $"stock went negative: {after}");
        Assert.Equal(before - completed, after);
    }

    private async Task<string> DescribeAsync(OrdersApi api, IEnumerable<string> ids)
    {
        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var states = new List<string>();
        foreach (var id in ids)
        {
            var status = OrdersApi.Status(await api.GetOrderAsync(id, budget.Token));
            var saga = await fixture.Host.DurableClient.GetInstanceAsync(id, getInputsAndOutputs: true, budget.Token);
            states.Add($"{status} / {saga?.RuntimeStatus} {saga?.SerializedCustomStatus} {saga?.FailureDetails?.ErrorMessage}");
        }

        return string.Join("; ", states.GroupBy(s => s).Select(g => $"{g.Count()} × {g.Key}"));
    }

    private async Task<int> AvailableAsync(string sku, CancellationToken cancellationToken)
    {
        var row = await fixture.Tables.GetTableClient("Inventory").GetEntityAsync<TableEntity>("warehouse-main", "stock:" + sku, cancellationToken: cancellationToken);
        return row.Value.GetInt32("Available") ?? throw new InvalidOperationException("no Available column");
    }
}

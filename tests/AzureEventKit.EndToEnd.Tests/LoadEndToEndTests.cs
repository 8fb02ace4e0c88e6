using Azure.Data.Tables;

namespace AzureEventKit.EndToEnd.Tests;

/// <summary>Many orders at once against limited stock, on a stack of its own.</summary>
[Collection(LoadGroup.Name)]
public sealed class LoadEndToEndTests(LoadFixture fixture)
{
    [Fact]
    public async Task TwoHundredConcurrentOrders_LimitedStock_NeverOversellAndAllFinish()
    {
        const int Orders = 200;
        using var api = fixture.CreateApi();
        using var within = Eventually.Within(TimeSpan.FromSeconds(150));
        var before = await AvailableAsync(EndToEndFixture.ScarceSku, within.Token);

        var ids = await Task.WhenAll(Enumerable.Range(0, Orders).Select(i =>
            api.PlaceAsync(OrdersApi.NewOrder($"e2e-rush-{i:000}", EndToEndFixture.ScarceSku), within.Token)));
        var outcomes = await Task.WhenAll(ids.Select(async (id, i) =>
        {
            await Task.Delay(i * 5, within.Token); // spread the polling
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

                await Task.Delay(500, within.Token);
            }
        }));

        var completed = outcomes.Count(s => s == "Completed");
        var after = await AvailableAsync(EndToEndFixture.ScarceSku, within.Token);
        Assert.Equal(Orders, outcomes.Length);
        Assert.InRange(completed, 1, before);
        Assert.True(after >= 0, $"stock went negative: {after}");
        Assert.Equal(before - completed, after);
    }

    private async Task<int> AvailableAsync(string sku, CancellationToken cancellationToken)
    {
        var row = await fixture.Tables.GetTableClient("Inventory").GetEntityAsync<TableEntity>("warehouse-main", "stock:" + sku, cancellationToken: cancellationToken);
        return row.Value.GetInt32("Available") ?? throw new InvalidOperationException("no Available column");
    }
}

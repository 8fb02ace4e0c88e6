using System.Net;

namespace AzureEventKit.EndToEnd.Tests;

/// <summary>
/// Who may read an order, through the in-process host's real HTTP pipeline: the customer who placed it; nobody else,
/// and nobody without a principal. (The kit passes <c>X-MS-CLIENT-PRINCIPAL</c> through from loopback, as Easy Auth
/// would inject it in Azure.)
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class CallerIdentityEndToEndTests(EndToEndFixture fixture)
{
    [Fact]
    public async Task GetOrder_AnotherCaller_Answers404AndTheOwnerStillSeesIt()
    {
        using var api = fixture.CreateApi();
        using var within = Eventually.Within(TimeSpan.FromSeconds(30));
        var orderId = await api.PlaceAsync(OrdersApi.NewOrder("e2e-owner", EndToEndFixture.HappySku), within.Token);

        using var asOther = await api.GetOrderResponseAsync(orderId, "e2e-someone-else", within.Token);
        using var anonymous = await api.GetOrderResponseAsync(orderId, caller: null, within.Token);
        var asOwner = await api.GetOrderAsync(orderId, within.Token, asCaller: "e2e-owner");

        Assert.Equal(HttpStatusCode.NotFound, asOther.StatusCode);
        Assert.Equal("application/problem+json", asOther.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("e2e-owner", OrdersApi.Find(asOwner!.Value, "customerId")?.GetString());
    }
}

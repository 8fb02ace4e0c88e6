using AzureEventKit.Contracts;
using AzureEventKit.Functions.Messaging;
using AzureEventKit.Functions.Tests.Infrastructure;

namespace AzureEventKit.Functions.Tests.Contracts;

/// <summary>
/// <c>orders.placed.v1</c> gained <c>lines[].name</c> when prices moved to the server's catalogue, as an additive change
/// (docs/contracts.md). Both shapes must stay readable: events already in flight have no names.
/// </summary>
public sealed class OrderPlacedCompatibilityTests
{
    /// <summary>An OrderPlaced exactly as the app published it before the catalogue existed.</summary>
    private const string PublishedBeforeTheCatalogue =
        """{"orderId":"order-1","customerId":"c-42","customerEmail":"ana@example.com","lines":[{"sku":"MUG-CERAMIC","quantity":2,"unitPrice":12.5}],"total":25.0,"currency":"EUR","placedAt":"2026-11-26T18:00:00+00:00"}""";

    [Fact]
    public void FromMessage_OrderPlacedWithoutLineNames_ReadsWithNullNamesAndItsPrices()
    {
        var received = CloudEventMessageMapper.FromMessage(ReceivedMessages.CloudEvent(OrderPlaced.EventType, PublishedBeforeTheCatalogue));

        var placed = Assert.IsType<OrderPlaced>(received.Data);
        var line = Assert.Single(placed.Lines);
        Assert.Null(line.Name);
        Assert.Equal(12.5m, line.UnitPrice);
        Assert.Equal(25.0m, placed.Total);
    }

    [Fact]
    public void ToMessage_OrderPlacedWithCataloguePrices_CarriesTheNameBesideThePrice()
    {
        var placed = new OrderPlaced("order-1", "c-42", "ana@example.com", [new OrderLine("MUG-CERAMIC", 2, 9.00m, "Ceramic mug")], 18.00m, "EUR", DateTimeOffset.UnixEpoch);

        var body = ReceivedMessages.Send(placed, "order-1:placed").Body.ToString();

        Assert.Contains("\"lines\":[{\"sku\":\"MUG-CERAMIC\",\"quantity\":2,\"unitPrice\":9.00,\"name\":\"Ceramic mug\"}]", body, StringComparison.Ordinal);
    }
}

using AzureEventKit.Functions.Orders;

namespace AzureEventKit.Functions.Tests.Orders;

/// <summary>Each validation rule rejects its input and names the field by its JSON path.</summary>
public sealed class PlaceOrderValidatorTests
{
    private static readonly PlaceOrderRequest Valid = new("ada@example.com", "EUR", [new PlaceOrderItem("sku-beans", 2), new PlaceOrderItem("sku-mug", 1)]);

    public static TheoryData<string, string> InvalidRequests => new()
    {
        { "customerEmail missing", "customerEmail" },
        { "customerEmail not an address", "customerEmail" },
        { "currency missing", "currency" },
        { "currency lower case", "currency" },
        { "currency four letters", "currency" },
        { "items missing", "items" },
        { "items empty", "items" },
        { "items too many", "items" },
        { "items duplicate sku", "items" },
        { "line null", "items[1]" },
        { "sku missing", "items[1].sku" },
        { "quantity missing", "items[1].quantity" },
        { "quantity zero", "items[1].quantity" },
        { "quantity negative", "items[1].quantity" },
        { "quantity too large", "items[1].quantity" },
        { "unitPrice sent by the client", "items[1].unitPrice" },
        { "unitPrice zero sent by the client", "items[1].unitPrice" },
    };

    [Fact]
    public void Validate_ValidRequest_HasNoErrors()
    {
        Assert.Empty(PlaceOrderValidator.Validate(Valid));
    }

    [Fact]
    public void Validate_NullRequest_NamesBody()
    {
        Assert.Equal(["body"], PlaceOrderValidator.Validate(null).Keys);
    }

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public void Validate_BrokenRule_NamesOnlyThatField(string rule, string field)
    {
        var request = Break(rule);

        var errors = PlaceOrderValidator.Validate(request);

        Assert.Equal([field], errors.Keys);
        Assert.NotEmpty(Assert.Single(errors.Values));
    }

    [Fact]
    public void Validate_SeveralBrokenRules_NamesEveryField()
    {
        var request = new PlaceOrderRequest("nope", "eur", [new PlaceOrderItem("sku-1", 0, 1m)]);

        var errors = PlaceOrderValidator.Validate(request);

        Assert.Equal(["currency", "customerEmail", "items[0].quantity", "items[0].unitPrice"], errors.Keys.Order(StringComparer.Ordinal));
    }

    private static PlaceOrderRequest Break(string rule)
    {
        PlaceOrderRequest WithSecondItem(PlaceOrderItem? item) => Valid with { Items = [Valid.Items![0], item] };
        var second = Valid.Items![1]!;
        return rule switch
        {
            "customerEmail missing" => Valid with { CustomerEmail = null },
            "customerEmail not an address" => Valid with { CustomerEmail = "ada.example.com" },
            "currency missing" => Valid with { Currency = "" },
            "currency lower case" => Valid with { Currency = "eur" },
            "currency four letters" => Valid with { Currency = "EURO" },
            "items missing" => Valid with { Items = null },
            "items empty" => Valid with { Items = [] },
            "items too many" => Valid with { Items = [.. Enumerable.Range(0, PlaceOrderValidator.MaxItems + 1).Select(index => new PlaceOrderItem($"sku-{index}", 1))] },
            "items duplicate sku" => WithSecondItem(second with { Sku = "sku-beans" }),
            "line null" => WithSecondItem(null),
            "sku missing" => WithSecondItem(second with { Sku = null }),
            "quantity missing" => WithSecondItem(second with { Quantity = null }),
            "quantity zero" => WithSecondItem(second with { Quantity = 0 }),
            "quantity negative" => WithSecondItem(second with { Quantity = -3 }),
            "quantity too large" => WithSecondItem(second with { Quantity = PlaceOrderValidator.MaxQuantity + 1 }),
            "unitPrice sent by the client" => WithSecondItem(second with { UnitPrice = 9.99m }),
            "unitPrice zero sent by the client" => WithSecondItem(second with { UnitPrice = 0m }),
            _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "No such rule in this test."),
        };
    }
}

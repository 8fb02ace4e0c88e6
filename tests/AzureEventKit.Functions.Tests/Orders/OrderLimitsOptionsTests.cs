using AzureEventKit.Functions.Orders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AzureEventKit.Functions.Tests.Orders;

public sealed class OrderLimitsOptionsTests
{
    [Fact]
    public void AddOrders_NoSettings_BoundsHoardingByDefault()
    {
        var limits = Resolve([]);

        Assert.Equal(10, limits.MaxQuantityPerLine);
        Assert.Equal(50, limits.MaxQuantityPerOrder);
        Assert.Equal(3, limits.MaxOpenOrdersPerCustomer);
        Assert.Equal(TimeSpan.FromMinutes(1), limits.OpenOrdersRetryAfter);
    }

    [Theory]
    [InlineData("Orders:Limits:MaxQuantityPerLine", "0", "MaxQuantityPerLine")]
    [InlineData("Orders:Limits:MaxQuantityPerLine", "60", "must not exceed Orders:Limits:MaxQuantityPerOrder")]
    [InlineData("Orders:Limits:MaxOpenOrdersPerCustomer", "0", "MaxOpenOrdersPerCustomer")]
    [InlineData("Orders:Limits:OpenOrdersRetryAfter", "00:00:00", "OpenOrdersRetryAfter")]
    public void AddOrders_LimitOutOfRange_FailsNamingTheSetting(string key, string value, string named)
    {
        var exception = Assert.Throws<OptionsValidationException>(() => Resolve(new() { [key] = value }));

        Assert.Contains(named, exception.Message, StringComparison.Ordinal);
    }

    private static OrderLimitsOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddOrders(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<OrderLimitsOptions>>().Value;
    }
}

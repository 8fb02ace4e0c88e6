using AzureEventKit.Functions.Fulfillment;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AzureEventKit.Functions.Tests.Fulfillment;

public sealed class FulfillmentOptionsTests
{
    [Fact]
    public void AddFulfillment_NoSettings_UsesDocumentedDefaults()
    {
        var options = Resolve([]);

        Assert.Equal(TimeSpan.FromMinutes(30), options.PaymentConfirmationTimeout);
        Assert.Equal(5, options.ActivityRetry.MaxAttempts);
    }

    [Fact]
    public void AddFulfillment_TimeoutFromConfiguration_IsBound()
    {
        var options = Resolve(new() { ["Fulfillment:PaymentConfirmationTimeout"] = "00:00:02" });

        Assert.Equal(TimeSpan.FromSeconds(2), options.PaymentConfirmationTimeout);
    }

    [Theory]
    [InlineData("Fulfillment:PaymentConfirmationTimeout", "00:00:00", "Fulfillment:PaymentConfirmationTimeout")]
    [InlineData("Fulfillment:PaymentConfirmationTimeout", "31.00:00:00", "Fulfillment:PaymentConfirmationTimeout")]
    [InlineData("Fulfillment:ActivityRetry:MaxAttempts", "0", "Fulfillment:ActivityRetry:MaxAttempts")]
    [InlineData("Fulfillment:ActivityRetry:BackoffCoefficient", "0.5", "Fulfillment:ActivityRetry:BackoffCoefficient")]
    [InlineData("Fulfillment:ActivityRetry:MaxRetryInterval", "00:00:01", "Fulfillment:ActivityRetry:MaxRetryInterval")]
    public void AddFulfillment_InvalidSetting_FailsNamingTheSetting(string key, string value, string named)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve(new() { [key] = value }));

        Assert.Contains(named, failure.Message);
    }

    private static FulfillmentOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddFulfillment(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<FulfillmentOptions>>().Value;
    }
}

using System.Text;
using AzureEventKit.Functions.PaymentWebhooks;

namespace AzureEventKit.Functions.Tests.PaymentWebhooks;

public sealed class WebhookSignatureTests
{
    private const string Secret = "test-only-webhook-secret-0123456789abcdef";
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"id":"evt-1"}""");

    [Fact]
    public void Verify_WhatSignProduced_IsValid()
    {
        var timestamp = Now.ToUnixTimeSeconds();

        var verification = WebhookSignature.Verify(Secret, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), WebhookSignature.Sign(Secret, timestamp, Body), Body, Now, TimeSpan.FromMinutes(5));

        Assert.Equal(WebhookVerification.Valid, verification);
    }

    [Theory]
    [InlineData(-301, WebhookVerification.OutsideTolerance)]
    [InlineData(301, WebhookVerification.OutsideTolerance)]
    [InlineData(-299, WebhookVerification.Valid)]
    public void Verify_TimestampAgainstTolerance_ValidOnlyInsideTheWindow(int offsetSeconds, WebhookVerification expected)
    {
        var timestamp = Now.AddSeconds(offsetSeconds).ToUnixTimeSeconds();

        var verification = WebhookSignature.Verify(Secret, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), WebhookSignature.Sign(Secret, timestamp, Body), Body, Now, TimeSpan.FromMinutes(5));

        Assert.Equal(expected, verification);
    }

    [Theory]
    [InlineData("v1=00")]
    [InlineData("v1=not-hex")]
    [InlineData("sha256=abcdef")]
    [InlineData("")]
    public void Verify_MalformedSignature_IsRefused(string signature)
    {
        var verification = WebhookSignature.Verify(Secret, Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), signature, Body, Now, TimeSpan.FromMinutes(5));

        Assert.NotEqual(WebhookVerification.Valid, verification);
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("1.5")]
    [InlineData("99999999999999999999")]
    public void Verify_MalformedTimestamp_IsRefused(string timestamp)
    {
        Assert.Equal(WebhookVerification.MalformedTimestamp, WebhookSignature.Verify(Secret, timestamp, "v1=00", Body, Now, TimeSpan.FromMinutes(5)));
    }
}

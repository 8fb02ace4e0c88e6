using AzureEventKit.Functions.Observability;

namespace AzureEventKit.Functions.Tests.Observability;

public sealed class ApplicationInsightsIdentityTests
{
    [Theory]
    [InlineData("ClientId=3f2a5f1e-7c1b-4a5e-9d2c-1b6e8f0a4c3d;Authorization=AAD")]
    [InlineData("Authorization=AAD; ClientId=3f2a5f1e-7c1b-4a5e-9d2c-1b6e8f0a4c3d;")]
    [InlineData("authorization=aad;clientid=3f2a5f1e-7c1b-4a5e-9d2c-1b6e8f0a4c3d")]
    public void Parse_UserAssignedIdentity_ReturnsItsClientId(string value)
    {
        var identity = ApplicationInsightsIdentity.Parse(value);

        Assert.Equal("3f2a5f1e-7c1b-4a5e-9d2c-1b6e8f0a4c3d", identity?.ClientId);
    }

    [Fact]
    public void Parse_AadWithoutClientId_IsTheSystemAssignedIdentity()
    {
        var identity = ApplicationInsightsIdentity.Parse("Authorization=AAD");

        Assert.NotNull(identity);
        Assert.Null(identity.ClientId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Parse_NoSetting_ReturnsNull(string? value)
    {
        Assert.Null(ApplicationInsightsIdentity.Parse(value));
    }

    [Theory]
    [InlineData("ClientId=3f2a5f1e-7c1b-4a5e-9d2c-1b6e8f0a4c3d", "Authorization=AAD")]
    [InlineData("Authorization=Key;ClientId=3f2a5f1e-7c1b-4a5e-9d2c-1b6e8f0a4c3d", "Authorization=AAD")]
    [InlineData("Authorization=AAD;ClientId=my-identity", "'my-identity' is not a GUID")]
    [InlineData("Authorization=AAD;ClientSecret=abc", "'ClientSecret' is not a key")]
    [InlineData("Authorization=AAD;Key=s3cr3t-value", "'Key' is not a key")]
    public void Parse_Malformed_ThrowsNamingTheSettingAndTheProblem(string value, string problem)
    {
        var exception = Assert.Throws<InvalidOperationException>(() => ApplicationInsightsIdentity.Parse(value));

        Assert.Contains(ApplicationInsightsIdentity.Setting, exception.Message, StringComparison.Ordinal);
        Assert.Contains(problem, exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", exception.Message, StringComparison.Ordinal);
    }
}

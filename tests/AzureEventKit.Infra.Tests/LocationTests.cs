namespace AzureEventKit.Infra.Tests;

/// <summary>`azd up` offers only regions where the Flex Consumption plan can be deployed.</summary>
public sealed class LocationTests
{
    [Fact]
    public async Task MainBicep_Location_IsAnAzdLocationLimitedToFlexConsumptionRegions()
    {
        var location = (await InfraRuns.MainTemplate())["parameters"]!["location"]!;

        Assert.Equal("location", (string?)location["metadata"]?["azd"]?["type"]);
        var allowed = location["allowedValues"]?.AsArray().Select(v => (string?)v).ToList();
        Assert.NotNull(allowed);
        Assert.Contains(InfraRuns.Location, allowed);
        Assert.All(allowed, region => Assert.Matches("^[a-z0-9]+$", region));
        Assert.Equal(allowed.Count, allowed.Distinct().Count());
    }
}

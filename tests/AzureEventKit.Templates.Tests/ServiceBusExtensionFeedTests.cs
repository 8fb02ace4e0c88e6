using AzureEventKit.Templates.Tests.Infrastructure;

namespace AzureEventKit.Templates.Tests;

/// <summary>
/// How the template tests read the probe restore that decides between the real Service Bus extension and the contract.
/// That the probe agrees with eng/test.sh's own decision on this feed is checked wherever a README test command runs
/// (<see cref="GeneratedSolutionTests.AssertReadmeTestCommandPassedAsync"/>).
/// </summary>
public sealed class ServiceBusExtensionFeedTests
{
    private static string Missing(string package) => $"error NU1101: Unable to find package {package}. No packages exist with this id in source(s): feed";

    [Fact]
    public void ServedAccordingTo_RestoreSucceeded_UsesTheRealPackage()
    {
        Assert.True(ServiceBusExtensionFeed.ServedAccordingTo(Restore(0, "Restore complete")));
    }

    [Fact]
    public void ServedAccordingTo_NU1101ForTheServiceBusExtensionOnly_UsesTheContract()
    {
        var output = Missing(ServiceBusExtensionFeed.PackageId);

        Assert.False(ServiceBusExtensionFeed.ServedAccordingTo(Restore(1, output + "\n" + output)));
    }

    [Theory]
    [InlineData("Some.Other.Package")]
    [InlineData("Microsoft.Azure.Functions.Worker.Extensions.ServiceBus.Extra")]
    public void ServedAccordingTo_NU1101ForAnotherPackage_Fails(string package)
    {
        var output = Missing(package);

        var failure = Assert.Throws<InvalidOperationException>(() => ServiceBusExtensionFeed.ServedAccordingTo(Restore(1, output)));
        Assert.Contains("other than the feed lacking it", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ServedAccordingTo_NetworkFailure_Fails()
    {
        Assert.Throws<InvalidOperationException>(() => ServiceBusExtensionFeed.ServedAccordingTo(Restore(1, "error NU1301: Unable to load the service index for source")));
    }

    private static ProcessResult Restore(int exitCode, string output) => new("dotnet restore", "/", exitCode, output, TimeSpan.Zero);
}

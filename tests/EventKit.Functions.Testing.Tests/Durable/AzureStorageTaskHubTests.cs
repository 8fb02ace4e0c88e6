using EventKit.Functions.Testing.Durable;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventKit.Functions.Testing.Tests.Durable;

/// <summary>
/// The Azure Storage backend's settings come from host.json's <c>extensions.durableTask.storageProvider</c> as in the
/// Durable extension, with the kit's local caps applied only when a caller sets them. Nothing is started.
/// </summary>
public sealed class AzureStorageTaskHubTests : IDisposable
{
    private const string Azurite = "UseDevelopmentStorage=true";
    private static readonly DurableConcurrency Limits = new(4, 4);
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"eventkit-taskhub-{Guid.NewGuid():N}");

    public AzureStorageTaskHubTests() => Directory.CreateDirectory(folder);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Settings_VisibilityTimeoutsInHostJson_AreHonoured()
    {
        var hostJson = Load("""{"extensions":{"durableTask":{"storageProvider":{"controlQueueVisibilityTimeout":"00:01:30","workItemQueueVisibilityTimeout":"00:00:45"}}}}""");

        var settings = AzureStorageTaskHub.Settings(hostJson, Azurite, null, null, null, Limits, NullLoggerFactory.Instance);

        Assert.Equal(TimeSpan.FromSeconds(90), settings.ControlQueueVisibilityTimeout);
        Assert.Equal(TimeSpan.FromSeconds(45), settings.WorkItemQueueVisibilityTimeout);
    }

    [Fact]
    public void Settings_NoVisibilityTimeoutsAndNoCap_KeepTheBackendsFiveMinutes()
    {
        var settings = AzureStorageTaskHub.Settings(Load("""{"extensions":{"durableTask":{}}}"""), Azurite, null, null, null, Limits, NullLoggerFactory.Instance);

        Assert.Equal(TimeSpan.FromMinutes(5), settings.ControlQueueVisibilityTimeout);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.WorkItemQueueVisibilityTimeout);
    }

    [Fact]
    public void Settings_LocalVisibilityCap_ShortensLongerValuesAndKeepsShorterOnes()
    {
        var hostJson = Load("""{"extensions":{"durableTask":{"storageProvider":{"workItemQueueVisibilityTimeout":"00:00:10"}}}}""");

        var settings = AzureStorageTaskHub.Settings(hostJson, Azurite, null, null, TimeSpan.FromSeconds(30), Limits, NullLoggerFactory.Instance);

        Assert.Equal(TimeSpan.FromSeconds(30), settings.ControlQueueVisibilityTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.WorkItemQueueVisibilityTimeout);
    }

    [Fact]
    public void Settings_ZeroVisibilityCap_ThrowsNamingTheOption()
    {
        var failure = Assert.Throws<ArgumentOutOfRangeException>(() =>
            AzureStorageTaskHub.Settings(Load("{}"), Azurite, null, null, TimeSpan.Zero, Limits, NullLoggerFactory.Instance));

        Assert.Contains(nameof(FunctionsTestHostOptions.DurableQueueVisibilityTimeout), failure.Message, StringComparison.Ordinal);
    }

    private HostJson Load(string json)
    {
        var path = Path.Combine(folder, "host.json");
        File.WriteAllText(path, json);
        return HostJson.Load(path);
    }
}

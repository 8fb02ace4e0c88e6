using EventKit.Functions.Testing.Azurite;

namespace EventKit.Functions.Testing.Tests.Durable;

/// <summary>One Azurite per test class of the Durable backend's tests; each test takes its own task hub in it.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteServer? azurite;

    public AzuriteServer Azurite => azurite ?? throw new InvalidOperationException("Azurite did not start; see the fixture's error.");

    public async ValueTask InitializeAsync() => azurite = await AzuriteServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

    // Null when Azurite failed to start: the start error is the one worth reading, not a second one from disposal.
    public async ValueTask DisposeAsync()
    {
        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }
    }
}

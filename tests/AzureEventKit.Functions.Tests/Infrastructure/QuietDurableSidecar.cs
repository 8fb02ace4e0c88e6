using System.Runtime.CompilerServices;

namespace AzureEventKit.Functions.Tests.Infrastructure;

/// <summary>
/// The Durable test host's gRPC sidecar is a default ASP.NET Core host: it ignores the host's <c>LoggerFactory</c> and
/// writes hundreds of info lines to the console, which bury a failing test's message in CI output. Default hosts read
/// <c>Logging__LogLevel__Default</c> from the environment, so it is set once, before any test starts a sidecar.
/// </summary>
internal static class QuietDurableSidecar
{
    [ModuleInitializer]
    internal static void Initialize()
    {
        if (Environment.GetEnvironmentVariable("Logging__LogLevel__Default") is null)
        {
            Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Warning");
        }
    }
}

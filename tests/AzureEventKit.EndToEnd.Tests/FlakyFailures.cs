using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;

namespace AzureEventKit.EndToEnd.Tests;

/// <summary>
/// TEST-ONLY SEAM: a decorator registered after AddOrderWorkflow around a dependency of one subscriber, which throws a
/// transient exception the first <see cref="FailuresPerKey"/> times it sees a given key (opt-in per key, so other tests
/// are unaffected). The subscriber's function lets it escape, so the host abandons the message and Service Bus redelivers.
/// </summary>
public sealed class FlakyFailures
{
    public int FailuresPerKey { get; set; } = 2;

    /// <summary>Keys (order ids) that should fail transiently, with how often they were attempted.</summary>
    public ConcurrentDictionary<string, int> Attempts { get; } = new();

    public void FailTransiently(string key) => Attempts[key] = 0;

    /// <summary>True when this attempt should throw.</summary>
    public bool ShouldFail(string key)
    {
        if (!Attempts.ContainsKey(key))
        {
            return false;
        }

        var attempt = Attempts.AddOrUpdate(key, 1, static (_, n) => n + 1);
        return attempt <= FailuresPerKey;
    }

    public static void Register(IServiceCollection services, FlakyFailures flaky)
    {
        services.AddSingleton(flaky);
    }
}

using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace EventKit.Functions.Testing.Faults;

/// <summary>
/// An Azure SDK pipeline policy that makes a real dependency (Azurite, a storage account) look unavailable for a window
/// of time: while the outage lasts, every request that <see cref="Affects"/> selects fails with
/// <see cref="RequestFailedException"/> status 503 without reaching the service; before and after, requests pass through
/// untouched. Install it on the client the app uses, for example on the app's <c>TableServiceClient</c> registered through
/// <c>AddAzureClients</c>: <c>services.Configure&lt;TableClientOptions&gt;("Default", o =&gt; o.AddPolicy(outage, HttpPipelinePosition.PerCall))</c>.
/// </summary>
/// <remarks>
/// <see cref="HttpPipelinePosition.PerCall"/> fails each call once (the SDK's own retries never see the failure), which
/// keeps tests fast; <see cref="HttpPipelinePosition.PerRetry"/> lets the SDK's retry policy run against the outage too.
/// Thread-safe; one instance can serve many clients.
/// </remarks>
public sealed class DependencyOutage : HttpPipelinePolicy
{
    private readonly TimeProvider timeProvider;
    private readonly Lock gate = new();
    private DateTimeOffset? endsAt;
    private TimeSpan? pendingDuration;
    private long failedRequests;

    /// <summary>Creates a policy with no outage scheduled.</summary>
    /// <param name="timeProvider">The clock the window is measured on. Default: the system clock.</param>
    public DependencyOutage(TimeProvider? timeProvider = null) => this.timeProvider = timeProvider ?? TimeProvider.System;

    /// <summary>Which requests the outage affects. Default: every request.</summary>
    public Func<HttpMessage, bool> Affects { get; init; } = static _ => true;

    /// <summary>How many requests the outage has failed so far.</summary>
    public long FailedRequests => Interlocked.Read(ref failedRequests);

    /// <summary>Whether a request sent now would fail.</summary>
    public bool IsActive
    {
        get
        {
            lock (gate)
            {
                return pendingDuration is not null || (endsAt is { } end && timeProvider.GetUtcNow() < end);
            }
        }
    }

    /// <summary>Fails affected requests from now for <paramref name="duration"/>.</summary>
    public void BeginFor(TimeSpan duration)
    {
        lock (gate)
        {
            pendingDuration = null;
            endsAt = timeProvider.GetUtcNow() + duration;
        }
    }

    /// <summary>
    /// Fails affected requests for <paramref name="duration"/>, counted from the first request the outage fails, so the
    /// window starts when the load arrives rather than when the test armed it.
    /// </summary>
    public void BeginAtFirstRequestFor(TimeSpan duration)
    {
        lock (gate)
        {
            endsAt = null;
            pendingDuration = duration;
        }
    }

    /// <summary>Ends the outage now.</summary>
    public void End()
    {
        lock (gate)
        {
            pendingDuration = null;
            endsAt = null;
        }
    }

    /// <inheritdoc />
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ThrowIfDown(message);
        ProcessNext(message, pipeline);
    }

    /// <inheritdoc />
    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ThrowIfDown(message);
        return ProcessNextAsync(message, pipeline);
    }

    private void ThrowIfDown(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!Affects(message))
        {
            return;
        }

        lock (gate)
        {
            var now = timeProvider.GetUtcNow();
            if (pendingDuration is { } duration)
            {
                endsAt = now + duration;
                pendingDuration = null;
            }

            if (endsAt is not { } end || now >= end)
            {
                return;
            }
        }

        Interlocked.Increment(ref failedRequests);
        throw new RequestFailedException(503, $"Simulated outage: {message.Request.Method} {message.Request.Uri.Path} was refused (DependencyOutage).", "ServerBusy", null);
    }
}

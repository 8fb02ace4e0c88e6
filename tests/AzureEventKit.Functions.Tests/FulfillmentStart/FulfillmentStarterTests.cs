using RequestFailedException = Azure.RequestFailedException;
using AzureEventKit.Functions.FulfillmentStart;
using AzureEventKit.Functions.Messaging;
using AzureEventKit.Functions.Tests.Infrastructure;
using Grpc.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;

namespace AzureEventKit.Functions.Tests.FulfillmentStart;

/// <summary>
/// The duplicate-start race: two deliveries of one OrderPlaced both find no instance and both schedule it. The Functions
/// host answers the second with gRPC status AlreadyExists; that, and only that, means "the other delivery started it".
/// </summary>
public sealed class FulfillmentStarterTests
{
    private static readonly ReceivedOrderEvent Placed =
        new("evt-1", "orders.placed.v1", DateTimeOffset.UnixEpoch, SampleEvents.Placed("order-race-1"));

    [Fact]
    public async Task StartAsync_HostAnswersAlreadyExists_TreatsTheRaceAsStarted()
    {
        var durable = new RacingDurableClient(new RpcException(new Status(StatusCode.AlreadyExists, "duplicate")));

        await new FulfillmentStarter(NullLogger<FulfillmentStarter>.Instance).StartAsync(Placed, durable, TestContext.Current.CancellationToken);

        Assert.Equal(1, durable.ScheduleCalls);
    }

    [Fact]
    public async Task StartAsync_OtherFailureWhoseTextSaysAlreadyExists_Propagates()
    {
        // A storage error can say "already exists" without meaning the instance; swallowing it would lose the start.
        var failure = new RequestFailedException(409, "The specified entity already exists.", "EntityAlreadyExists", null);
        var durable = new RacingDurableClient(failure);

        var thrown = await Assert.ThrowsAsync<RequestFailedException>(
            () => new FulfillmentStarter(NullLogger<FulfillmentStarter>.Instance).StartAsync(Placed, durable, TestContext.Current.CancellationToken));

        Assert.Same(failure, thrown);
    }

    /// <summary>
    /// Test double at the Durable client edge: reports no instance (the check races) and fails the schedule call with the
    /// given exception. Every other member is unused by the starter.
    /// </summary>
    private sealed class RacingDurableClient(Exception scheduleFailure) : DurableTaskClient("racing")
    {
        public int ScheduleCalls { get; private set; }

        public override Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
        {
            ScheduleCalls++;
            return Task.FromException<string>(scheduleFailure);
        }

        public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
            Task.FromResult<OrchestrationMetadata?>(null);

        public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) => throw new NotSupportedException();

        public override Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

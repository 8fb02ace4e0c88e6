using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Messaging.ServiceBus;
using EventKit.Functions.Testing.Discovery;
using EventKit.Functions.Testing.Durable;
using EventKit.Functions.Testing.Tests.Durable;
using EventKit.ServiceBus.Emulator;
using Microsoft.Extensions.DependencyInjection;

namespace EventKit.Functions.Testing.Tests.Host;

/// <summary>
/// The in-process host against a small sample function set, on the in-memory Durable backend (no Azurite needed: the
/// samples use no storage). <see cref="DurableAzureStorageTests"/> covers the Azure Storage backend.
/// </summary>
public sealed class FunctionsTestHostTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly SampleRecorder recorder = new();
    private ServiceBusEmulator emulator = null!;
    private FunctionsTestHost host = null!;

    public async ValueTask InitializeAsync()
    {
        var entity = new EntityProperties { MaxDeliveryCount = 5, LockDuration = TimeSpan.FromSeconds(30) };

        // Where a stopped host leaves messages locked, a short lock brings them back to the next host sooner.
        var shortLock = entity with { LockDuration = TimeSpan.FromSeconds(5) };
        emulator = await ServiceBusEmulator.StartAsync(new ServiceBusEmulatorOptions
        {
            Port = 0,
            InspectionPort = -1,
            Topology = EmulatorTopology.Create(queues: [new QueueDefinition("work", entity), new QueueDefinition("raw", entity), new QueueDefinition("batch", entity), new QueueDefinition("held", shortLock), new QueueDefinition("stopping", shortLock), new QueueDefinition("sessions", new EntityProperties { RequiresSession = true })]),
        });
        host = await StartSampleHostAsync();
    }

    private Task<FunctionsTestHost> StartSampleHostAsync()
    {
        var options = SampleApp.Options(recorder);
        options.Settings["ServiceBus"] = emulator.ConnectionString;
        options.HostJsonPath = "no-host.json";
        options.DurableBackend = DurableBackend.InMemory;
        return FunctionsTestHost.StartAsync(options);
    }

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        await emulator.DisposeAsync();
    }

    [Fact]
    public void StartAsync_SampleAssembly_DiscoversEveryTriggerKind()
    {
        var kinds = host.Functions.ToDictionary(f => f.Name, f => f.Trigger);

        Assert.Equal(TriggerKind.Http, kinds["Echo"]);
        Assert.Equal(TriggerKind.Orchestration, kinds["GreetingOrchestration"]);
        Assert.Equal(TriggerKind.Activity, kinds["SayHello"]);
        Assert.Equal(TriggerKind.ServiceBus, kinds["HandleRawDeadLetters"]);
        Assert.Equal(TriggerKind.Timer, kinds["Nightly"]);
        Assert.Contains(host.HttpRoutes, r => r.Route == "/api/echo/{id:int}" && r.RequiresKey);
    }

    [Fact]
    public async Task HttpTrigger_FunctionLevelWithoutKey_Returns401()
    {
        using var anonymous = host.CreateHttpClient(withFunctionKey: false);

        using var response = await anonymous.PostAsJsonAsync("api/echo/7", new Greeting("Ada"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task HttpTrigger_WithKey_BindsRouteBodyQueryAndContext()
    {
        using var http = host.CreateHttpClient();

        using var response = await http.PostAsJsonAsync("api/echo/7?q=x", new Greeting("Ada"), TestContext.Current.CancellationToken);
        using var codeResponse = await host.CreateHttpClient(withFunctionKey: false)
            .PostAsJsonAsync($"api/echo/8?code={Uri.EscapeDataString(host.FunctionKey)}", new Greeting("Bob"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(7, body.GetProperty("id").GetInt32());
        Assert.Equal("Ada", body.GetProperty("name").GetString());
        Assert.Equal("Echo", body.GetProperty("function").GetString());
        Assert.Equal("x", body.GetProperty("query").GetString());
        Assert.Equal(HttpStatusCode.OK, codeResponse.StatusCode);
    }

    [Fact]
    public async Task HttpTrigger_RouteConstraintNotMet_Returns404()
    {
        using var http = host.CreateHttpClient();

        using var response = await http.PostAsJsonAsync("api/echo/abc", new Greeting("Ada"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Orchestration_StartedThroughDurableClient_RunsActivityResolvedFromAppServices()
    {
        using var http = host.CreateHttpClient(withFunctionKey: false);

        using var response = await http.PostAsJsonAsync("api/greetings", new Greeting("Grace"), TestContext.Current.CancellationToken);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetString()!;
        using var timeout = new CancellationTokenSource(Timeout);
        var metadata = await host.DurableClient.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Completed, metadata.RuntimeStatus);
        Assert.Equal("Hello Grace from SayHello", metadata.ReadOutputAs<string>());
        Assert.Contains("greet:Grace", recorder.Calls);
    }

    [Fact]
    public async Task ServiceBusTrigger_ExceptionTwice_AbandonsThenSucceedsOnThirdDelivery()
    {
        await using var client = new ServiceBusClient(emulator.ConnectionString);
        await using var sender = client.CreateSender("work");

        await sender.SendMessageAsync(new ServiceBusMessage(BinaryData.FromObjectAsJson(new Greeting("Lin", FailTimes: 2))) { MessageId = "m-1" }, TestContext.Current.CancellationToken);
        await Eventually(() => recorder.Calls.Contains("work:Lin:3:HandleWork") && emulator.GetCounts("work").Active == 0);

        Assert.Equal(3, recorder.Attempts["m-1"]);
        Assert.Equal(0, emulator.GetCounts("work").DeadLetter);
    }

    [Fact]
    public async Task ServiceBusTrigger_ActionsDeadLetter_ReachesDeadLetterTriggerWithReason()
    {
        await using var client = new ServiceBusClient(emulator.ConnectionString);
        await using var sender = client.CreateSender("raw");

        await sender.SendMessageAsync(new ServiceBusMessage("fine"), TestContext.Current.CancellationToken);
        await sender.SendMessageAsync(new ServiceBusMessage("poison"), TestContext.Current.CancellationToken);
        await Eventually(() => recorder.Calls.Contains("dlq:Poison:poison") && recorder.Calls.Contains("raw:fine:1"));
        await Eventually(() => emulator.GetCounts("raw") is { Active: 0, DeadLetter: 0 });
    }

    [Fact]
    public async Task ServiceBusTrigger_ExceptionWithAutoCompleteOff_AbandonsUntilMaxDeliveryCountDeadLetters()
    {
        await using var client = new ServiceBusClient(emulator.ConnectionString);
        await using var sender = client.CreateSender("raw");

        await sender.SendMessageAsync(new ServiceBusMessage("boom"), TestContext.Current.CancellationToken);

        // The lock is 30 s: five deliveries within the 20 s bound prove each failure abandoned the message at once.
        await Eventually(() => recorder.Calls.Contains("dlq:MaxDeliveryCountExceeded:boom"));
        Assert.Equal(5, recorder.Calls.Count(c => c.StartsWith("raw:boom:")));
    }

    [Fact]
    public async Task DisposeAsync_MessageBeingProcessed_IsRedeliveredToNextHostNotDeadLettered()
    {
        await using var client = new ServiceBusClient(emulator.ConnectionString);
        await using var sender = client.CreateSender("held");
        await sender.SendMessageAsync(new ServiceBusMessage("in-flight"), TestContext.Current.CancellationToken);
        await recorder.Held.Task.WaitAsync(Timeout, TestContext.Current.CancellationToken);

        // A crash: the host goes away while the function still holds the message.
        await host.DisposeAsync();
        host = await StartSampleHostAsync();

        // Usually redelivered at once (the cancelled invocation is abandoned); if the shutdown closed the link before the
        // abandon got through, the message comes back when its 5-second lock expires, as in Azure after a crash.
        await Eventually(() => recorder.Calls.Any(c => c.StartsWith("held:in-flight:", StringComparison.Ordinal) && c != "held:in-flight:1")
            || emulator.GetCounts("held").DeadLetter > 0);
        await Eventually(() => emulator.GetCounts("held").Active == 0);
        Assert.Equal(0, emulator.GetCounts("held").DeadLetter);

        // One invocation per host. The second sees delivery count 2, or 3 when the closing host's link had already taken
        // the redelivery and let it go as a failed attempt (Azure counts that too); before the fix it saw 4 and more.
        var calls = recorder.Calls.Where(c => c.StartsWith("held:", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, calls.Count);
        Assert.Equal("held:in-flight:1", calls[0]);
        Assert.Contains(calls[1], new[] { "held:in-flight:2", "held:in-flight:3" });
    }

    /// <summary>
    /// Found by the chaos soak: a host crash dead-lettered real messages with MaxDeliveryCountExceeded. While the host
    /// stopped, waiting for an invocation that ignored the cancellation, its receivers still took the messages the
    /// cancelled invocations had abandoned and ran them with the cancelled token, which failed and abandoned them again,
    /// several deliveries a millisecond, until the delivery count ran out.
    /// </summary>
    [Fact]
    public async Task DisposeAsync_AbandonedMessagesRedeliveredWhileTheHostStops_AreNotRunAgainNorDeadLettered()
    {
        await using var client = new ServiceBusClient(emulator.ConnectionString);
        await using var sender = client.CreateSender("stopping");
        string[] bodies = ["stubborn", "a", "b", "c"];
        foreach (var body in bodies)
        {
            await sender.SendMessageAsync(new ServiceBusMessage(body), TestContext.Current.CancellationToken);
        }

        foreach (var _ in bodies)
        {
            Assert.True(await recorder.Holding.WaitAsync(Timeout, TestContext.Current.CancellationToken), "every message is held by the first host");
        }

        await host.DisposeAsync();
        var callsWhileStopping = recorder.Calls.Count(c => c.StartsWith("stopping:", StringComparison.Ordinal));
        host = await StartSampleHostAsync();

        // The next host handles each message; none ran out of deliveries.
        await Eventually(() => emulator.GetCounts("stopping") is { Active: 0 } || emulator.GetCounts("stopping").DeadLetter > 0);
        Assert.Equal(0, emulator.GetCounts("stopping").DeadLetter);
        Assert.Equal(bodies.Length, callsWhileStopping);
        Assert.All(bodies, body => Assert.Contains(recorder.Calls, call => call.StartsWith($"stopping:{body}:", StringComparison.Ordinal) && call != $"stopping:{body}:1"));
    }

    [Fact]
    public async Task StartAsync_HostJsonRoutePrefixEmpty_ServesRoutesWithoutApiPrefix()
    {
        var hostJson = Path.Combine(Path.GetTempPath(), $"host-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(hostJson, """{ "version": "2.0", "extensions": { "http": { "routePrefix": "" }, "serviceBus": { "maxConcurrentCalls": 1 } } }""", TestContext.Current.CancellationToken);
        await using var bare = await StartWithoutServiceBusAsync(hostJson);
        using var http = bare.CreateHttpClient();

        using var response = await http.PostAsJsonAsync("echo/3", new Greeting("Ada"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(bare.HttpRoutes, r => r.Route == "/echo/{id:int}");
        File.Delete(hostJson);
    }

    [Fact]
    public async Task Orchestration_FanOutBeyondHostJsonActivityLimit_RunsExactlyThatManyActivitiesAtOnceAndCompletes()
    {
        var hostJson = Path.Combine(Path.GetTempPath(), $"host-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(hostJson, """{ "version": "2.0", "extensions": { "durableTask": { "maxConcurrentActivityFunctions": 3 } } }""", TestContext.Current.CancellationToken);
        await using var limited = await StartWithoutServiceBusAsync(hostJson);

        var id = await limited.DurableClient.ScheduleNewOrchestrationInstanceAsync("HoldFanOut", 8, TestContext.Current.CancellationToken);
        using var timeout = new CancellationTokenSource(Timeout);
        var metadata = await limited.DurableClient.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Completed, metadata.RuntimeStatus);
        Assert.Equal(Enumerable.Range(0, 8).Sum(), metadata.ReadOutputAs<int>());
        Assert.Equal(3, recorder.MostRunning);
        File.Delete(hostJson);
    }

    [Fact]
    public async Task ServiceBusTrigger_Batched_ReceivesStringArray()
    {
        await using var client = new ServiceBusClient(emulator.ConnectionString);
        await using var sender = client.CreateSender("batch");
        using var batch = await sender.CreateMessageBatchAsync(TestContext.Current.CancellationToken);
        for (var i = 0; i < 5; i++)
        {
            Assert.True(batch.TryAddMessage(new ServiceBusMessage($"b{i}")));
        }

        await sender.SendMessagesAsync(batch, TestContext.Current.CancellationToken);
        await Eventually(() => recorder.Calls.Where(c => c.StartsWith("batch:")).Sum(c => int.Parse(c["batch:".Length..])) == 5);
        await Eventually(() => emulator.GetCounts("batch").Active == 0);
    }

    [Fact]
    public async Task ServiceBusTrigger_SessionsEnabled_ProcessesInOrderWithSessionState()
    {
        await using var client = new ServiceBusClient(emulator.ConnectionString);
        await using var sender = client.CreateSender("sessions");

        foreach (var part in new[] { "a", "b", "c" })
        {
            await sender.SendMessageAsync(new ServiceBusMessage(part) { SessionId = "s-1" }, TestContext.Current.CancellationToken);
        }

        await Eventually(() => recorder.Calls.Contains("session:s-1:abc"));
        Assert.Equal(["session:s-1:a", "session:s-1:ab", "session:s-1:abc"], recorder.Calls.Where(c => c.StartsWith("session:")));
    }

    [Fact]
    public async Task Orchestration_StartedFromTracedRequest_ActivitySpanSharesTheCallersTraceId()
    {
        var spans = new System.Collections.Concurrent.ConcurrentQueue<System.Diagnostics.Activity>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        var traceId = System.Diagnostics.ActivityTraceId.CreateRandom();
        using var http = host.CreateHttpClient(withFunctionKey: false);
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/greetings") { Content = JsonContent.Create(new Greeting("Trace")) };
        request.Headers.Add("traceparent", $"00-{traceId}-{System.Diagnostics.ActivitySpanId.CreateRandom()}-01");

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetString()!;
        using var timeout = new CancellationTokenSource(Timeout);
        await host.DurableClient.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: false, timeout.Token);
        await Eventually(() => spans.Any(s => s.DisplayName == "Invoke SayHello"));

        var names = string.Join(" | ", spans.Where(s => s.TraceId == traceId).Select(s => $"{s.Source.Name}:{s.DisplayName}"));
        Assert.Contains(spans, s => s.DisplayName == "Invoke StartGreeting" && s.TraceId == traceId);
        Assert.True(spans.Any(s => s.DisplayName == "Invoke SayHello" && s.TraceId == traceId), names);
    }

    [Fact]
    public async Task DurableClient_SameInstanceIdStartedTwiceConcurrently_SecondIsRefusedAndFirstCompletes()
    {
        var starts = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            try
            {
                return await host.DurableClient.ScheduleNewOrchestrationInstanceAsync(
                    "GreetingOrchestration", new Greeting("Twice"), new Microsoft.DurableTask.StartOrchestrationOptions("twice-1"), TestContext.Current.CancellationToken);
            }
            catch (Grpc.Core.RpcException exception)
            {
                // What the Functions host's Durable extension answers to an isolated worker.
                return exception.StatusCode.ToString();
            }
        }));
        using var timeout = new CancellationTokenSource(Timeout);
        var metadata = await host.DurableClient.WaitForInstanceCompletionAsync("twice-1", getInputsAndOutputs: true, timeout.Token);

        Assert.Single(starts, s => s == "twice-1");
        Assert.Single(starts, s => s == nameof(Grpc.Core.StatusCode.AlreadyExists));
        Assert.Equal(Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Completed, metadata.RuntimeStatus);
    }

    [Fact]
    public async Task InvokeTimerAsync_TimerFunction_RunsOnDemand()
    {
        await host.InvokeTimerAsync("Nightly", isPastDue: true, TestContext.Current.CancellationToken);

        Assert.Contains("timer:True", recorder.Calls);
    }

    private Task<FunctionsTestHost> StartWithoutServiceBusAsync(string hostJson)
    {
        var options = SampleApp.Options(recorder);
        options.HostJsonPath = hostJson;
        options.StartServiceBusTriggers = false;
        options.DurableBackend = DurableBackend.InMemory;
        return FunctionsTestHost.StartAsync(options, TestContext.Current.CancellationToken);
    }

    private static Task Eventually(Func<bool> condition) => Eventually(condition, Timeout);

    private static async Task Eventually(Func<bool> condition, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        while (!condition())
        {
            await Task.Delay(50, timeout.Token);
        }
    }
}

using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using FromBodyAttribute = Microsoft.Azure.Functions.Worker.Http.FromBodyAttribute;

namespace EventKit.Functions.Testing.Tests.Host;

// A tiny function set that exercises each binding of the in-process host, independent of the reference app.

/// <summary>The sample functions as a host runs them: only these classes (the assembly also holds the start-up check fixtures).</summary>
public static class SampleApp
{
    private static readonly Type[] FunctionClasses =
    [
        typeof(SampleHttpFunctions), typeof(SampleDurableFunctions), typeof(HoldEpisodeOrchestrator), typeof(HoldActivity),
        typeof(SayHelloActivity), typeof(SampleServiceBusFunctions), typeof(SampleTimerFunctions),
    ];

    /// <summary>Host options with the sample functions and their services; the caller adds the rest.</summary>
    public static FunctionsTestHostOptions Options(SampleRecorder recorder)
    {
        var options = new FunctionsTestHostOptions
        {
            FunctionsAssembly = typeof(SampleApp).Assembly,
            ConfigureServices = (services, _) => services.AddSingleton(recorder).AddScoped<Greeter>(),
            ConfigureLogging = logging =>
            {
                // Set EVENTKIT_TEST_LOGS=1 to see the host's (and the Durable backend's) log while debugging a kit test.
                if (Environment.GetEnvironmentVariable("EVENTKIT_TEST_LOGS") == "1")
                {
                    logging.AddSimpleConsole(o => o.SingleLine = true).AddFilter("Microsoft", LogLevel.Warning).AddFilter("Grpc", LogLevel.Warning).AddFilter("Azure", LogLevel.Warning);
                }
            },
        };
        foreach (var type in FunctionClasses)
        {
            options.FunctionTypes.Add(type);
        }

        return options;
    }
}

public sealed record Greeting(string Name, int FailTimes = 0);

/// <summary>What the sample functions saw; a singleton in the sample app's services.</summary>
public sealed class SampleRecorder
{
    public ConcurrentQueue<string> Calls { get; } = new();

    public ConcurrentDictionary<string, int> Attempts { get; } = new();

    /// <summary>Set when <c>HandleHeld</c> is holding a delivery.</summary>
    public TaskCompletionSource Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Released once for every delivery <c>HandleStopping</c> is holding.</summary>
    public SemaphoreSlim Holding { get; } = new(0);

    /// <summary>Set when <c>HoldEpisode</c>'s orchestrator code is running (and holding its work item).</summary>
    public TaskCompletionSource EpisodeHeld { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Lets <c>HoldEpisode</c>'s orchestrator code return.</summary>
    public ManualResetEventSlim EpisodeRelease { get; } = new();

    private int running;
    private int mostRunning;

    /// <summary>The most <see cref="HoldActivity"/> invocations that ran at the same time.</summary>
    public int MostRunning => Volatile.Read(ref mostRunning);

    public void Enter()
    {
        var now = Interlocked.Increment(ref running);
        for (var seen = Volatile.Read(ref mostRunning); now > seen; seen = Volatile.Read(ref mostRunning))
        {
            if (Interlocked.CompareExchange(ref mostRunning, now, seen) == seen)
            {
                break;
            }
        }
    }

    public void Leave() => Interlocked.Decrement(ref running);
}

public sealed class Greeter(SampleRecorder recorder)
{
    public string Greet(string name)
    {
        recorder.Calls.Enqueue($"greet:{name}");
        return $"Hello {name}";
    }
}

public sealed class SampleHttpFunctions(SampleRecorder recorder)
{
    [Function("Echo")]
    public IActionResult Echo(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "echo/{id:int}")] HttpRequest request,
        int id,
        [FromBody] Greeting body,
        FunctionContext context)
    {
        recorder.Calls.Enqueue($"echo:{id}");
        return new OkObjectResult(new { id, body.Name, function = context.FunctionDefinition.Name, query = request.Query["q"].ToString() });
    }

    [Function("StartGreeting")]
    public static async Task<IActionResult> StartGreeting(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "greetings")] HttpRequest request,
        [FromBody] Greeting body,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var id = await client.ScheduleNewOrchestrationInstanceAsync("GreetingOrchestration", body, cancellationToken);
        return new AcceptedResult($"/api/greetings/{id}", new { id });
    }
}

public static class SampleDurableFunctions
{
    [Function("GreetingOrchestration")]
    public static async Task<string> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var input = context.GetInput<Greeting>()!;
        return await context.CallActivityAsync<string>("SayHello", input.Name);
    }

    [Function("AwaitApproval")]
    public static async Task<string> AwaitApprovalAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var name = context.GetInput<string>()!;
        var approver = await context.WaitForExternalEvent<string>("Approved");
        return await context.CallActivityAsync<string>("SayHello", $"{name} (approved by {approver})");
    }

    [Function("HoldFanOut")]
    public static async Task<int> FanOutAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var count = context.GetInput<int>();
        var results = await Task.WhenAll(Enumerable.Range(0, count).Select(i => context.CallActivityAsync<int>("Hold", i)));
        return results.Sum();
    }
}

/// <summary>An orchestrator whose code blocks until the test releases it: its work item stays with the worker meanwhile.</summary>
public sealed class HoldEpisodeOrchestrator(SampleRecorder recorder)
{
    [Function("HoldEpisode")]
    public Task<string> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        recorder.EpisodeHeld.TrySetResult();
        recorder.EpisodeRelease.Wait(TimeSpan.FromMinutes(2));
        return Task.FromResult(context.InstanceId);
    }
}

public sealed class HoldActivity(SampleRecorder recorder)
{
    // Long enough that every activity the dispatcher lets through overlaps with the others.
    [Function("Hold")]
    public async Task<int> RunAsync([ActivityTrigger] int index)
    {
        recorder.Enter();
        try
        {
            await Task.Delay(200);
            return index;
        }
        finally
        {
            recorder.Leave();
        }
    }
}

public sealed class SayHelloActivity(Greeter greeter)
{
    [Function("SayHello")]
    public string Run([ActivityTrigger] string name, FunctionContext context) => $"{greeter.Greet(name)} from {context.FunctionDefinition.Name}";
}

public sealed class SampleServiceBusFunctions(SampleRecorder recorder)
{
    [Function("HandleWork")]
    public void HandleWork(
        [ServiceBusTrigger("work", Connection = "ServiceBus")] Greeting greeting,
        string messageId,
        int deliveryCount,
        FunctionContext context)
    {
        var attempts = recorder.Attempts.AddOrUpdate(messageId, 1, static (_, n) => n + 1);
        recorder.Calls.Enqueue($"work:{greeting.Name}:{deliveryCount}:{context.FunctionDefinition.Name}");
        if (attempts <= greeting.FailTimes)
        {
            throw new InvalidOperationException($"transient failure {attempts}");
        }
    }

    [Function("HandleRaw")]
    public async Task HandleRaw(
        [ServiceBusTrigger("raw", Connection = "ServiceBus", AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions actions)
    {
        recorder.Calls.Enqueue($"raw:{message.Body}:{message.DeliveryCount}");
        if (message.Body.ToString() == "boom")
        {
            throw new InvalidOperationException("an exception the function does not handle");
        }

        if (message.Body.ToString() == "poison")
        {
            await actions.DeadLetterMessageAsync(message, deadLetterReason: "Poison", deadLetterErrorDescription: "sample poison");
            return;
        }

        await actions.CompleteMessageAsync(message);
    }

    [Function("HandleRawDeadLetters")]
    public void HandleRawDeadLetters([ServiceBusTrigger("raw/$DeadLetterQueue", Connection = "ServiceBus")] ServiceBusReceivedMessage message) =>
        recorder.Calls.Enqueue($"dlq:{message.DeadLetterReason}:{message.Body}");

    [Function("HandleSession")]
    public async Task HandleSession(
        [ServiceBusTrigger("sessions", Connection = "ServiceBus", IsSessionsEnabled = true)] string body,
        string sessionId,
        ServiceBusSessionMessageActions session)
    {
        var state = (await session.GetSessionStateAsync())?.ToString() ?? string.Empty;
        await session.SetSessionStateAsync(BinaryData.FromString(state + body));
        recorder.Calls.Enqueue($"session:{sessionId}:{state}{body}");
    }

    /// <summary>Holds its first delivery until the invocation is cancelled (the host shutting down); later deliveries succeed.</summary>
    [Function("HandleHeld")]
    public async Task HandleHeld(
        [ServiceBusTrigger("held", Connection = "ServiceBus")] string body,
        int deliveryCount,
        CancellationToken cancellationToken)
    {
        recorder.Calls.Enqueue($"held:{body}:{deliveryCount}");
        if (deliveryCount == 1)
        {
            recorder.Held.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }

    /// <summary>
    /// Holds every first delivery until the host stops. <c>stubborn</c> then keeps its invocation running a few seconds
    /// more, as a dependency call that does not observe cancellation does, so the host's stop has to wait for it; the
    /// others end at once with the cancellation. Later deliveries succeed unless the host is already stopping.
    /// </summary>
    [Function("HandleStopping")]
    public async Task HandleStopping(
        [ServiceBusTrigger("stopping", Connection = "ServiceBus")] string body,
        int deliveryCount,
        CancellationToken cancellationToken)
    {
        recorder.Calls.Enqueue($"stopping:{body}:{deliveryCount}");
        cancellationToken.ThrowIfCancellationRequested();
        if (deliveryCount > 1)
        {
            return;
        }

        recorder.Holding.Release();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException) when (body == "stubborn")
        {
            await Task.Delay(TimeSpan.FromSeconds(3), CancellationToken.None);
            throw;
        }
    }

    [Function("HandleBatch")]
    public void HandleBatch([ServiceBusTrigger("batch", Connection = "ServiceBus", IsBatched = true)] string[] bodies) =>
        recorder.Calls.Enqueue($"batch:{bodies.Length}");
}

public sealed class SampleTimerFunctions(SampleRecorder recorder)
{
    [Function("Nightly")]
    public void Run([TimerTrigger("0 0 2 * * *")] TimerInfo timer) => recorder.Calls.Enqueue($"timer:{timer.IsPastDue}");
}

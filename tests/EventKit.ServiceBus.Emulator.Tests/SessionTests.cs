using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;

namespace EventKit.ServiceBus.Emulator.Tests;

public sealed class SessionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AcceptSession_GivenId_ReceivesOnlyThatSessionInOrder()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("sessions");
        await sender.SendMessagesAsync(
            [new ServiceBusMessage("a1") { SessionId = "a" }, new ServiceBusMessage("b1") { SessionId = "b" }, new ServiceBusMessage("a2") { SessionId = "a" }],
            Ct);

        await using var receiver = await harness.Client.AcceptSessionAsync("sessions", "a", cancellationToken: Ct);
        var messages = await CoreMessagingTests.ReceiveAtLeastAsync(receiver, 2);

        Assert.Equal("a", receiver.SessionId);
        Assert.True(receiver.SessionLockedUntil > DateTimeOffset.UtcNow);
        Assert.Equal(["a1", "a2"], messages.Select(m => m.Body.ToString()));
        Assert.All(messages, m => Assert.Equal("a", m.SessionId));
        foreach (var message in messages)
        {
            await receiver.CompleteMessageAsync(message, Ct);
        }
    }

    [Fact]
    public async Task AcceptNextSession_TwoReceivers_GetDifferentSessions()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("sessions");
        await sender.SendMessagesAsync([new ServiceBusMessage("x") { SessionId = "s1" }, new ServiceBusMessage("y") { SessionId = "s2" }], Ct);

        await using var first = await harness.Client.AcceptNextSessionAsync("sessions", cancellationToken: Ct);
        await using var second = await harness.Client.AcceptNextSessionAsync("sessions", cancellationToken: Ct);

        Assert.Equal(["s1", "s2"], new[] { first.SessionId, second.SessionId }.Order());
        var message = await second.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal(second.SessionId, message!.SessionId);
    }

    [Fact]
    public async Task AcceptSession_HeldByAnotherReceiver_ThrowsSessionCannotBeLocked()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var holder = await harness.Client.AcceptSessionAsync("sessions", "busy", cancellationToken: Ct);

        var error = await Assert.ThrowsAsync<ServiceBusException>(() => harness.Client.AcceptSessionAsync("sessions", "busy", cancellationToken: Ct));

        Assert.Equal(ServiceBusFailureReason.SessionCannotBeLocked, error.Reason);
    }

    [Fact]
    public async Task SessionState_SetThenGet_RoundTripsAndSurvivesReacceptance()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using (var receiver = await harness.Client.AcceptSessionAsync("sessions", "stateful", cancellationToken: Ct))
        {
            Assert.Null(await receiver.GetSessionStateAsync(Ct));
            await receiver.SetSessionStateAsync(new BinaryData("step-2"), Ct);
            Assert.Equal("step-2", (await receiver.GetSessionStateAsync(Ct)).ToString());
        }

        await using var again = await harness.Client.AcceptSessionAsync("sessions", "stateful", cancellationToken: Ct);
        Assert.Equal("step-2", (await again.GetSessionStateAsync(Ct)).ToString());
    }

    [Fact]
    public async Task RenewSessionLock_Held_ExtendsLockedUntil()
    {
        var clock = EmulatorHarness.ControlledClock();
        await using var harness = await EmulatorHarness.StartAsync(o => o.TimeProvider = clock);
        await using var receiver = await harness.Client.AcceptSessionAsync("sessions", "renewed", cancellationToken: Ct);
        var before = receiver.SessionLockedUntil;

        clock.Advance(TimeSpan.FromSeconds(1));
        await receiver.RenewSessionLockAsync(Ct);

        Assert.Equal(before + TimeSpan.FromSeconds(1), receiver.SessionLockedUntil);
    }

    [Fact]
    public async Task SessionLock_Expired_CompleteThrowsSessionLockLostAndMessageIsRedelivered()
    {
        var clock = EmulatorHarness.ControlledClock();
        await using var harness = await EmulatorHarness.StartAsync(o => o.TimeProvider = clock);
        await using var sender = harness.Client.CreateSender("short-sessions");
        await sender.SendMessageAsync(new ServiceBusMessage("slow") { SessionId = "s" }, Ct);
        var receiver = await harness.Client.AcceptSessionAsync("short-sessions", "s", cancellationToken: Ct);
        var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);

        clock.Advance(TimeSpan.FromMilliseconds(1500)); // the queue's session lock lasts 1 s
        var error = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.CompleteMessageAsync(message, Ct));
        await receiver.DisposeAsync();

        Assert.Equal(ServiceBusFailureReason.SessionLockLost, error.Reason);
        await using var again = await harness.Client.AcceptSessionAsync("short-sessions", "s", cancellationToken: Ct);
        var redelivered = await again.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal(2, redelivered!.DeliveryCount);
    }

    [Fact]
    public async Task SessionProcessor_ConcurrencyThree_ProcessesEachSessionInOrder()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("sessions");
        const int sessions = 6;
        const int perSession = 10;
        for (var i = 0; i < perSession; i++)
        {
            await sender.SendMessagesAsync(Enumerable.Range(0, sessions).Select(s => new ServiceBusMessage($"{i}") { SessionId = $"s{s}" }), Ct);
        }

        var received = new ConcurrentDictionary<string, ConcurrentQueue<int>>();
        var total = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var concurrent = 0;
        var maxConcurrent = 0;
        await using var processor = harness.Client.CreateSessionProcessor("sessions", new ServiceBusSessionProcessorOptions
        {
            MaxConcurrentSessions = 3,
            SessionIdleTimeout = TimeSpan.FromMilliseconds(300),
            AutoCompleteMessages = true,
        });
        processor.ProcessMessageAsync += async args =>
        {
            var now = Interlocked.Increment(ref concurrent);
            InterlockedMax(ref maxConcurrent, now);
            received.GetOrAdd(args.SessionId, _ => new ConcurrentQueue<int>()).Enqueue(int.Parse(args.Message.Body.ToString(), System.Globalization.CultureInfo.InvariantCulture));
            await Task.Delay(5, Ct);
            Interlocked.Decrement(ref concurrent);
            if (Interlocked.Increment(ref total) == sessions * perSession)
            {
                done.TrySetResult();
            }
        };
        processor.ProcessErrorAsync += _ => Task.CompletedTask;

        await processor.StartProcessingAsync(Ct);
        await done.Task.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        await processor.StopProcessingAsync(Ct);

        Assert.Equal(sessions, received.Count);
        Assert.All(received.Values, q => Assert.Equal(Enumerable.Range(0, perSession), q));
        Assert.True(maxConcurrent > 1, $"expected concurrent sessions, saw at most {maxConcurrent}");
        Assert.Equal(0, harness.Emulator.GetCounts("sessions").Active);
    }

    [Fact]
    public async Task AcceptNextSession_NoSessionAvailable_ThrowsServiceTimeout()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var client = new ServiceBusClient(harness.Emulator.ConnectionString, new ServiceBusClientOptions
        {
            RetryOptions = new ServiceBusRetryOptions { MaxRetries = 0, TryTimeout = TimeSpan.FromSeconds(2) },
        });

        var error = await Assert.ThrowsAsync<ServiceBusException>(() => client.AcceptNextSessionAsync("sessions", cancellationToken: Ct));

        Assert.Equal(ServiceBusFailureReason.ServiceTimeout, error.Reason);
    }

    [Fact]
    public async Task AcceptNextSession_SessionArrivesWhileWaiting_GetsIt()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("sessions");

        var accepting = harness.Client.AcceptNextSessionAsync("sessions", cancellationToken: Ct);
        await Task.Delay(300, Ct);
        await sender.SendMessageAsync(new ServiceBusMessage("late") { SessionId = "late-session" }, Ct);
        await using var receiver = await accepting;

        Assert.Equal("late-session", receiver.SessionId);
        Assert.Equal("late", (await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct))!.Body.ToString());
    }

    [Fact]
    public async Task ReleaseSession_LockedMessageAndTwoReceiversWaiting_GrantsTheSessionToOneOnly()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("sessions");
        await sender.SendMessageAsync(new ServiceBusMessage("held") { SessionId = "contended" }, Ct);
        var holder = await harness.Client.AcceptSessionAsync("sessions", "contended", cancellationToken: Ct);
        Assert.NotNull(await holder.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct)); // locked, never settled

        using var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        Task<ServiceBusSessionReceiver>[] waiting =
        [
            harness.Client.AcceptNextSessionAsync("sessions", cancellationToken: stopWaiting.Token),
            harness.Client.AcceptNextSessionAsync("sessions", cancellationToken: stopWaiting.Token),
        ];
        await EmulatorHarness.WaitUntilAsync(() => harness.Emulator.WaitingSessionReceivers("sessions") == 2);
        Assert.Equal(2, harness.Emulator.WaitingSessionReceivers("sessions"));

        // The holder leaves: its locked message returns to the session, and the session goes to ONE waiting receiver.
        await holder.DisposeAsync();
        await using var granted = await await Task.WhenAny(waiting);
        Assert.Equal("contended", granted.SessionId);
        Assert.Equal(1, harness.Emulator.WaitingSessionReceivers("sessions"));
        Assert.Equal("held", (await granted.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct))!.Body.ToString());

        await stopWaiting.CancelAsync();
        var other = waiting.Single(t => t != waiting.First(w => w.IsCompletedSuccessfully && w.Result == granted));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => other);
    }

    [Fact]
    public async Task TopicToSessionSubscription_WithAndWithoutSessionId_SessionReceivesAndMissingIdIsDeadLettered()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("orders");
        await sender.SendMessageAsync(new ServiceBusMessage("with") { Subject = "customer-event", SessionId = "c1" }, Ct);
        await sender.SendMessageAsync(new ServiceBusMessage("without") { Subject = "customer-event" }, Ct);

        await using var receiver = await harness.Client.AcceptSessionAsync("orders", "per-customer", "c1", cancellationToken: Ct);
        Assert.Equal("with", (await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct))!.Body.ToString());
        await using var deadLetters = harness.Client.CreateReceiver("orders", "per-customer", new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        var dead = await deadLetters.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal("without", dead!.Body.ToString());
        Assert.Equal("Session id is null", dead.DeadLetterReason);
    }

    [Fact]
    public async Task Send_WithoutSessionIdToSessionQueue_ThrowsInvalidOperation()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("sessions");

        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => sender.SendMessageAsync(new ServiceBusMessage("no session"), Ct));
    }

    [Fact]
    public async Task CompleteMessage_WithSessionIdOnEntityWithoutSessions_CompletesLikeAnyMessage()
    {
        // Service Bus ignores SessionId where sessions are off: publishers may set it for the session-enabled subscriptions only.
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("work");
        await sender.SendMessageAsync(new ServiceBusMessage("keyed") { SessionId = "order-1" }, Ct);
        await using var receiver = harness.Client.CreateReceiver("work");

        var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        await receiver.RenewMessageLockAsync(message!, Ct);
        await receiver.CompleteMessageAsync(message!, Ct);

        Assert.Equal("order-1", message!.SessionId);
        Assert.Null(await receiver.PeekMessageAsync(cancellationToken: Ct));
    }

    [Fact]
    public async Task LockExpiry_MessageWithSessionIdOnEntityWithoutSessions_RedeliversIt()
    {
        var clock = EmulatorHarness.ControlledClock();
        await using var harness = await EmulatorHarness.StartAsync(o => o.TimeProvider = clock);
        await using var sender = harness.Client.CreateSender("short-lock");
        await using var receiver = harness.Client.CreateReceiver("short-lock");
        await sender.SendMessageAsync(new ServiceBusMessage("keyed, slow consumer") { SessionId = "order-1" }, Ct);

        var first = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        clock.Advance(TimeSpan.FromSeconds(2)); // the queue's lock lasts 1 s
        var second = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);

        Assert.Equal(first!.SequenceNumber, second!.SequenceNumber);
        Assert.Equal(2, second.DeliveryCount);
    }

    [Fact]
    public async Task CompleteMessage_DeadLetteredFromSessionSubscription_CompletesFromTheDeadLetterQueue()
    {
        // The dead-letter queue of a session-enabled entity has no sessions; its messages keep their SessionId.
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("orders");
        await sender.SendMessageAsync(new ServiceBusMessage("poison") { Subject = "customer-event", SessionId = "c-1" }, Ct);
        await using (var session = await harness.Client.AcceptSessionAsync("orders", "per-customer", "c-1", cancellationToken: Ct))
        {
            var poison = await session.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
            await session.DeadLetterMessageAsync(poison!, "ValidationFailed", "for the test", Ct);
        }

        await using var deadLetters = harness.Client.CreateReceiver("orders", "per-customer", new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        var dead = await deadLetters.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        await deadLetters.CompleteMessageAsync(dead!, Ct);

        Assert.Equal("c-1", dead!.SessionId);
        Assert.Null(await deadLetters.PeekMessageAsync(cancellationToken: Ct));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}

using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Logging;

namespace EventKit.ServiceBus.Emulator.Tests;

/// <summary>
/// The journal (<see cref="ServiceBusEmulatorOptions.DataDirectory"/>): an emulator disposed without draining, and a new
/// one over the same directory, through the real SDK.
/// </summary>
public sealed class PersistenceTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "eventkit-journal-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string JournalFile => Path.Combine(directory, "sbemulatorns.journal");

    [Fact]
    public async Task Restart_AfterMixedSettlements_RestoresExactlyTheLiveMessages()
    {
        long highestBefore;
        long scheduledSequenceNumber;
        long deferredSequenceNumber;
        var sessionState = new BinaryData("step-2"u8.ToArray());
        await using (var first = await StartAsync())
        {
            await using var sender = first.Client.CreateSender("work");
            await using var receiver = first.Client.CreateReceiver("work");
            await sender.SendMessagesAsync(Enumerable.Range(1, 8).Select(i => new ServiceBusMessage($"m{i}") { MessageId = $"m{i}" }), Ct);
            var received = await CoreMessagingTests.ReceiveAtLeastAsync(receiver, 8, maxRounds: 10);
            var byBody = received.ToDictionary(m => m.Body.ToString());
            await receiver.CompleteMessageAsync(byBody["m1"], Ct);
            await receiver.AbandonMessageAsync(byBody["m2"], new Dictionary<string, object> { ["attempt-note"] = "retry me" }, Ct);
            await receiver.DeadLetterMessageAsync(byBody["m3"], "bad-input", "the order had no lines", Ct);
            await receiver.DeferMessageAsync(byBody["m4"], cancellationToken: Ct);
            deferredSequenceNumber = byBody["m4"].SequenceNumber;

            // m5 stays locked, as it would be in a receiver when the process dies; m6 to m8 are abandoned once.
            foreach (var name in new[] { "m6", "m7", "m8" })
            {
                await receiver.AbandonMessageAsync(byBody[name], cancellationToken: Ct);
            }

            scheduledSequenceNumber = await sender.ScheduleMessageAsync(new ServiceBusMessage("later"), DateTimeOffset.UtcNow.AddHours(1), Ct);
            var cancelled = await sender.ScheduleMessageAsync(new ServiceBusMessage("cancelled"), DateTimeOffset.UtcNow.AddHours(1), Ct);
            await sender.CancelScheduledMessageAsync(cancelled, Ct);
            highestBefore = cancelled;

            await using var dedupSender = first.Client.CreateSender("dedup-long");
            await dedupSender.SendMessageAsync(new ServiceBusMessage("original") { MessageId = "order-42" }, Ct);

            await using var sessionSender = first.Client.CreateSender("sessions");
            await sessionSender.SendMessageAsync(new ServiceBusMessage("in-session") { SessionId = "customer-1" }, Ct);
            await using var session = await first.Client.AcceptSessionAsync("sessions", "customer-1", cancellationToken: Ct);
            await session.SetSessionStateAsync(sessionState, Ct);

            await using var topicSender = first.Client.CreateSender("orders");
            var routed = new ServiceBusMessage("big order") { Subject = "orders.placed.v1" };
            routed.ApplicationProperties["amount"] = 500;
            routed.ApplicationProperties["region"] = "eu";
            routed.ApplicationProperties["internal"] = "x";
            await topicSender.SendMessageAsync(routed, Ct);
        }

        await using var second = await StartAsync();

        Assert.Equal(new EntityCounts("work", EntityKind.Queue, 5, 1, 1, 1, 0), second.Emulator.GetCounts("work"));
        await using var workReceiver = second.Client.CreateReceiver("work");
        var restored = (await CoreMessagingTests.ReceiveAtLeastAsync(workReceiver, 5, maxRounds: 10)).ToDictionary(m => m.Body.ToString());
        Assert.Equal(["m2", "m5", "m6", "m7", "m8"], restored.Keys.Order());
        Assert.Equal(2, restored["m2"].DeliveryCount);
        Assert.Equal("retry me", restored["m2"].ApplicationProperties["attempt-note"]);
        Assert.Equal(2, restored["m5"].DeliveryCount); // its lock was lost with the process: one failed attempt, as in Azure
        Assert.Equal(2, restored["m6"].DeliveryCount);
        Assert.All(restored.Values, m => Assert.Equal(m.Body.ToString(), m.MessageId));

        await using var deadLetters = second.Client.CreateReceiver("work", new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        var deadLetter = await deadLetters.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal("m3", deadLetter!.Body.ToString());
        Assert.Equal("bad-input", deadLetter.DeadLetterReason);
        Assert.Equal("the order had no lines", deadLetter.DeadLetterErrorDescription);

        var deferred = await workReceiver.ReceiveDeferredMessageAsync(deferredSequenceNumber, Ct);
        Assert.Equal("m4", deferred.Body.ToString());
        Assert.Equal(ServiceBusMessageState.Deferred, deferred.State);

        var scheduled = await workReceiver.PeekMessageAsync(scheduledSequenceNumber, Ct);
        Assert.Equal(("later", ServiceBusMessageState.Scheduled), (scheduled!.Body.ToString(), scheduled.State));

        await using var sender2 = second.Client.CreateSender("work");
        var next = await sender2.ScheduleMessageAsync(new ServiceBusMessage("after restart"), DateTimeOffset.UtcNow.AddHours(1), Ct);
        Assert.True(next > highestBefore, $"sequence number {next} after the restart, {highestBefore} before it");

        await using var dedupSender2 = second.Client.CreateSender("dedup-long");
        await dedupSender2.SendMessageAsync(new ServiceBusMessage("resent") { MessageId = "order-42" }, Ct);
        Assert.Equal(1, second.Emulator.GetCounts("dedup-long").Active);

        await using var session2 = await second.Client.AcceptSessionAsync("sessions", "customer-1", cancellationToken: Ct);
        Assert.Equal("step-2", (await session2.GetSessionStateAsync(Ct)).ToString());
        Assert.Equal("in-session", (await session2.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct))!.Body.ToString());

        await using var bigEu = second.Client.CreateReceiver("orders", "big-eu");
        var actioned = await bigEu.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal("gold", actioned!.ApplicationProperties["tier"]);
        Assert.False(actioned.ApplicationProperties.ContainsKey("internal"));
        Assert.Equal(1, second.Emulator.GetCounts("orders/Subscriptions/all").Active);
    }

    [Fact]
    public async Task Restart_LockedAtLastAllowedAttempt_DeadLettersWithMaxDeliveryCountExceeded()
    {
        await using (var first = await StartAsync())
        {
            await using var sender = first.Client.CreateSender("orders");
            await using var receiver = first.Client.CreateReceiver("orders", "placed");
            await sender.SendMessageAsync(new ServiceBusMessage("twice") { Subject = "orders.placed.v1" }, Ct);
            await receiver.AbandonMessageAsync((await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct))!, cancellationToken: Ct);
            Assert.NotNull(await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct));
        }

        await using var second = await StartAsync();

        Assert.Equal(new EntityCounts("orders/Subscriptions/placed", EntityKind.Subscription, 0, 0, 1, 0, 0), second.Emulator.GetCounts("orders/Subscriptions/placed"));
        await using var deadLetters = second.Client.CreateReceiver("orders", "placed", new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        var deadLetter = await deadLetters.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal("MaxDeliveryCountExceeded", deadLetter!.DeadLetterReason);
    }

    [Fact]
    public async Task Restart_TornLastRecord_IgnoresItWithAWarningAndKeepsTheRest()
    {
        await using (var first = await StartAsync())
        {
            await using var sender = first.Client.CreateSender("work");
            await sender.SendMessagesAsync([new ServiceBusMessage("a"), new ServiceBusMessage("b"), new ServiceBusMessage("c")], Ct);
        }

        // A record cut short by a kill: its header promises more bytes than the file has.
        await using (var file = new FileStream(JournalFile, FileMode.Append))
        {
            file.Write([200, 0, 0, 0, 1, 2, 3, 4, 1, 9, 9]);
        }

        var logs = new CapturedLogs();
        await using var second = await StartAsync(logs);

        Assert.Equal(3, second.Emulator.GetCounts("work").Active);
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("ignored", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Restart_DamagedLastRecord_DropsOnlyThatRecord()
    {
        await using (var first = await StartAsync())
        {
            await using var sender = first.Client.CreateSender("work");
            await sender.SendMessageAsync(new ServiceBusMessage("kept"), Ct);
            await sender.SendMessageAsync(new ServiceBusMessage("damaged"), Ct);
        }

        var bytes = await File.ReadAllBytesAsync(JournalFile, Ct);
        bytes[^3] ^= 0xFF;
        await File.WriteAllBytesAsync(JournalFile, bytes, Ct);

        var logs = new CapturedLogs();
        await using var second = await StartAsync(logs);

        await using var receiver = second.Client.CreateReceiver("work");
        var received = await CoreMessagingTests.ReceiveAtLeastAsync(receiver, 1, maxRounds: 3);
        Assert.Equal(["kept"], received.Select(m => m.Body.ToString()));
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("checksum", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Restart_AfterManyCompactions_KeepsTheSameVisibleState()
    {
        var kept = new Dictionary<long, string>();
        await using (var first = await StartAsync(compactionBytes: 2048))
        {
            await using var sender = first.Client.CreateSender("work");
            await using var receiver = first.Client.CreateReceiver("work");
            for (var round = 0; round < 5; round++)
            {
                await sender.SendMessagesAsync(Enumerable.Range(0, 20).Select(i => new ServiceBusMessage(new string('x', 1000)) { MessageId = $"{round}-{i}" }), Ct);
                foreach (var message in await CoreMessagingTests.ReceiveAtLeastAsync(receiver, 20, maxRounds: 10))
                {
                    // Keep two in twenty, deferred; complete the rest.
                    if (message.MessageId.EndsWith('0'))
                    {
                        await receiver.DeferMessageAsync(message, cancellationToken: Ct);
                        kept.Add(message.SequenceNumber, message.MessageId);
                    }
                    else
                    {
                        await receiver.CompleteMessageAsync(message, Ct);
                    }
                }
            }
        }

        // 100 messages of 1 KB were written; compaction keeps the file near the size of the ten that are left.
        Assert.InRange(new FileInfo(JournalFile).Length, 10 * 1000, 40 * 1000);

        await using var second = await StartAsync();
        Assert.Equal(new EntityCounts("work", EntityKind.Queue, 0, 0, 0, 10, 0), second.Emulator.GetCounts("work"));
        await using var receiver2 = second.Client.CreateReceiver("work");
        var restored = await receiver2.ReceiveDeferredMessagesAsync(kept.Keys, Ct);
        Assert.Equal(kept.Values.Order(), restored.Select(m => m.MessageId).Order());
        Assert.All(restored, m => Assert.Equal(1000, m.Body.ToArray().Length));
    }

    [Fact]
    public async Task Start_DataDirectoryHoldsAnotherFile_FailsWithAClearMessage()
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(JournalFile, "not a journal at all", Ct);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => StartAsync());

        Assert.Contains("is not a Service Bus emulator journal", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private Task<EmulatorHarness> StartAsync(ILoggerFactory? logs = null, long compactionBytes = 16 * 1024 * 1024) => EmulatorHarness.StartAsync(o =>
    {
        o.DataDirectory = directory;
        o.JournalCompactionBytes = compactionBytes;
        if (logs is not null)
        {
            o.LoggerFactory = logs;
        }
    });

    /// <summary>Keeps what the emulator logs, so a test can check that a warning was given.</summary>
    private sealed class CapturedLogs : ILoggerFactory, ILogger
    {
        public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Enqueue((logLevel, formatter(state, exception)));

        public void Dispose()
        {
        }
    }
}

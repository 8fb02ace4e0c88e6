using System.Transactions;
using Azure.Messaging.ServiceBus;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;
using Microsoft.Azure.Amqp.Transaction;

namespace EventKit.ServiceBus.Emulator.Tests;

/// <summary>
/// Transactions as the .NET SDK runs them: a <see cref="TransactionScope"/> around sends and settlements, declared and
/// discharged on the emulator's AMQP transaction coordinator; cross-entity ("send via") with EnableCrossEntityTransactions.
/// </summary>
public sealed class TransactionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TransactionScope NewScope() => new(TransactionScopeAsyncFlowOption.Enabled);

    [Fact]
    public async Task SendMessages_InCompletedScope_ArriveOnCommitOnly()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("work");

        using (var scope = NewScope())
        {
            await sender.SendMessageAsync(new ServiceBusMessage("first"), Ct);
            await sender.SendMessagesAsync([new ServiceBusMessage("second"), new ServiceBusMessage("third")], Ct);
            Assert.Equal(0, harness.Emulator.GetCounts("work").Active);
            scope.Complete();
        }

        Assert.Equal(3, harness.Emulator.GetCounts("work").Active);
        await using var receiver = harness.Client.CreateReceiver("work");
        var received = await receiver.ReceiveMessagesAsync(3, TimeSpan.FromSeconds(5), Ct);
        Assert.Equal(["first", "second", "third"], received.Select(m => m.Body.ToString()));
    }

    [Fact]
    public async Task SendMessage_InScopeNotCompleted_NeverArrives()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("work");

        using (NewScope())
        {
            await sender.SendMessageAsync(new ServiceBusMessage("rolled back"), Ct);
        }

        await sender.SendMessageAsync(new ServiceBusMessage("after"), Ct);
        await using var receiver = harness.Client.CreateReceiver("work");
        var received = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal("after", received.Body.ToString());
        Assert.Equal(1, harness.Emulator.GetCounts("work").Active);
    }

    [Fact]
    public async Task CompleteMessage_InCompletedScope_RemovesTheMessage()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("work");
        await using var receiver = harness.Client.CreateReceiver("work");
        await sender.SendMessageAsync(new ServiceBusMessage("done"), Ct);
        var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);

        using (var scope = NewScope())
        {
            await receiver.CompleteMessageAsync(message, Ct);
            Assert.Equal(1, harness.Emulator.GetCounts("work").Locked);
            scope.Complete();
        }

        var counts = harness.Emulator.GetCounts("work");
        Assert.Equal((0, 0), (counts.Active, counts.Locked));
    }

    [Fact]
    public async Task CompleteMessage_InScopeRolledBack_StaysLockedToItsReceiver()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("work");
        await using var receiver = harness.Client.CreateReceiver("work");
        await sender.SendMessageAsync(new ServiceBusMessage("kept"), Ct);
        var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);

        using (NewScope())
        {
            await receiver.CompleteMessageAsync(message, Ct);
        }

        var counts = harness.Emulator.GetCounts("work");
        Assert.Equal((1, 1), (counts.Active, counts.Locked));
        await receiver.RenewMessageLockAsync(message, Ct);
        await receiver.CompleteMessageAsync(message, Ct);
        Assert.Equal(0, harness.Emulator.GetCounts("work").Active);
    }

    [Fact]
    public async Task CompleteSessionMessage_InScope_RollbackKeepsTheSessionsLockAndCommitRemovesIt()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("sessions");
        await sender.SendMessageAsync(new ServiceBusMessage("in session") { SessionId = "s1" }, Ct);
        await using var receiver = await harness.Client.AcceptSessionAsync("sessions", "s1", cancellationToken: Ct);
        var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);

        using (NewScope())
        {
            await receiver.CompleteMessageAsync(message, Ct);
        }

        Assert.Equal(1, harness.Emulator.GetCounts("sessions").Locked);
        using (var scope = NewScope())
        {
            await receiver.CompleteMessageAsync(message, Ct);
            await receiver.SetSessionStateAsync(new BinaryData("done"), Ct);
            scope.Complete();
        }

        Assert.Equal((0, 0), (harness.Emulator.GetCounts("sessions").Active, harness.Emulator.GetCounts("sessions").Locked));
        Assert.Equal("done", (await receiver.GetSessionStateAsync(Ct)).ToString());
    }

    [Fact]
    public async Task DeadLetterAndDefer_InCompletedScope_ApplyOnCommit()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("work");
        await using var receiver = harness.Client.CreateReceiver("work");
        await sender.SendMessagesAsync([new ServiceBusMessage("poison"), new ServiceBusMessage("later")], Ct);
        var received = await receiver.ReceiveMessagesAsync(2, TimeSpan.FromSeconds(5), Ct);
        Assert.Equal(2, received.Count);

        using (var scope = NewScope())
        {
            await receiver.DeadLetterMessageAsync(received[0], "Invalid", "cannot parse", Ct);
            await receiver.DeferMessageAsync(received[1], cancellationToken: Ct);
            scope.Complete();
        }

        var counts = harness.Emulator.GetCounts("work");
        Assert.Equal((1, 1, 0), (counts.DeadLetter, counts.Deferred, counts.Locked));
        await using var deadLetters = harness.Client.CreateReceiver("work", new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        var deadLettered = await deadLetters.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal(("poison", "Invalid"), (deadLettered.Body.ToString(), deadLettered.DeadLetterReason));
    }

    [Fact]
    public async Task CompleteDeferredMessage_InScope_CommitsAndRollsBack()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("work");
        await using var receiver = harness.Client.CreateReceiver("work");
        await sender.SendMessageAsync(new ServiceBusMessage("deferred"), Ct);
        var first = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        await receiver.DeferMessageAsync(first, cancellationToken: Ct);
        var deferred = await receiver.ReceiveDeferredMessageAsync(first.SequenceNumber, Ct);

        using (NewScope())
        {
            await receiver.CompleteMessageAsync(deferred, Ct);
        }

        Assert.Equal(1, harness.Emulator.GetCounts("work").Locked);
        using (var scope = NewScope())
        {
            await receiver.CompleteMessageAsync(deferred, Ct);
            scope.Complete();
        }

        var counts = harness.Emulator.GetCounts("work");
        Assert.Equal((0, 0, 0), (counts.Active, counts.Deferred, counts.Locked));
    }

    [Fact]
    public async Task ReceiveCompleteAndSend_AcrossEntitiesInCompletedScope_AppliesBoth()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var client = CrossEntityClient(harness);
        await using var receiver = client.CreateReceiver("work");
        await using var sender = client.CreateSender("forward-target");
        await using var topicSender = client.CreateSender("orders");
        await harness.Client.CreateSender("work").SendMessageAsync(new ServiceBusMessage("order"), Ct);
        var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);

        using (var scope = NewScope())
        {
            await receiver.CompleteMessageAsync(message, Ct);
            await sender.SendMessageAsync(new ServiceBusMessage("next step"), Ct);
            await topicSender.SendMessageAsync(new ServiceBusMessage("published") { Subject = "orders.placed.v1" }, Ct);
            Assert.Equal(0, harness.Emulator.GetCounts("forward-target").Active);
            scope.Complete();
        }

        Assert.Equal(0, harness.Emulator.GetCounts("work").Active);
        Assert.Equal(1, harness.Emulator.GetCounts("forward-target").Active);
        Assert.Equal(1, harness.Emulator.GetCounts("orders/Subscriptions/placed").Active);
        await using var next = harness.Client.CreateReceiver("forward-target");
        Assert.Equal("next step", (await next.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct)).Body.ToString());
    }

    [Fact]
    public async Task ReceiveCompleteAndSend_AcrossEntitiesInScopeRolledBack_AppliesNeither()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var client = CrossEntityClient(harness);
        await using var receiver = client.CreateReceiver("work");
        await using var sender = client.CreateSender("forward-target");
        await harness.Client.CreateSender("work").SendMessageAsync(new ServiceBusMessage("order"), Ct);
        var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);

        using (NewScope())
        {
            await receiver.CompleteMessageAsync(message, Ct);
            await sender.SendMessageAsync(new ServiceBusMessage("next step"), Ct);
        }

        Assert.Equal(0, harness.Emulator.GetCounts("forward-target").Active);
        var counts = harness.Emulator.GetCounts("work");
        Assert.Equal((1, 1), (counts.Active, counts.Locked));
        await receiver.AbandonMessageAsync(message, cancellationToken: Ct);
        var again = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal(("order", 2), (again.Body.ToString(), again.DeliveryCount));
    }

    [Fact]
    public async Task CompleteMessage_InScopeAfterItWasSettled_ThrowsMessageLockLost()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("work");
        await using var receiver = harness.Client.CreateReceiver("work");
        await sender.SendMessageAsync(new ServiceBusMessage("once"), Ct);
        var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        await receiver.CompleteMessageAsync(message, Ct);

        using var scope = NewScope();
        var error = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.CompleteMessageAsync(message, Ct));

        Assert.Equal(ServiceBusFailureReason.MessageLockLost, error.Reason);
    }

    [Fact]
    public async Task CompleteMessage_HeldByOpenTransaction_CannotBeSettledOutsideIt()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("work");
        await using var receiver = harness.Client.CreateReceiver("work");
        await sender.SendMessageAsync(new ServiceBusMessage("held"), Ct);
        var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);

        using (var scope = NewScope())
        {
            await receiver.CompleteMessageAsync(message, Ct);
            using (new TransactionScope(TransactionScopeOption.Suppress, TransactionScopeAsyncFlowOption.Enabled))
            {
                var error = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.AbandonMessageAsync(message, cancellationToken: Ct));
                Assert.Equal(ServiceBusFailureReason.MessageLockLost, error.Reason);
            }

            scope.Complete();
        }

        Assert.Equal(0, harness.Emulator.GetCounts("work").Active);
    }

    [Fact]
    public async Task Discharge_UnknownTransaction_IsRejectedWithUnknownId()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var raw = await RawAmqpClient.ConnectAsync(harness.Emulator.Port);
        var coordinator = await raw.OpenCoordinatorAsync("coordinator");

        var declared = Assert.IsType<Declared>(await RawAmqpClient.SendAsync(coordinator, AmqpMessage.Create(new AmqpValue { Value = new Declare() })));
        var commit = await RawAmqpClient.SendAsync(coordinator, AmqpMessage.Create(new AmqpValue { Value = new Discharge { TxnId = declared.TxnId, Fail = false } }));
        var again = await RawAmqpClient.SendAsync(coordinator, AmqpMessage.Create(new AmqpValue { Value = new Discharge { TxnId = declared.TxnId, Fail = false } }));
        var unknown = await RawAmqpClient.SendAsync(coordinator, AmqpMessage.Create(new AmqpValue { Value = new Discharge { TxnId = new ArraySegment<byte>(Guid.NewGuid().ToByteArray()), Fail = true } }));

        Assert.IsType<Accepted>(commit);
        Assert.Equal(AmqpErrorCode.TransactionUnknownId, Assert.IsType<Rejected>(again).Error.Condition);
        Assert.Equal(AmqpErrorCode.TransactionUnknownId, Assert.IsType<Rejected>(unknown).Error.Condition);
    }

    [Fact]
    public async Task Send_WithUndeclaredTransactionId_IsRejectedAndNothingArrives()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var raw = await RawAmqpClient.ConnectAsync(harness.Emulator.Port);
        var sender = await raw.OpenSenderAsync("sender", "work");

        var outcome = await sender.SendMessageAsync(AmqpMessage.Create(new Data { Value = new ArraySegment<byte>([1, 2, 3]) }), new ArraySegment<byte>(Guid.NewGuid().ToByteArray()), new ArraySegment<byte>(Guid.NewGuid().ToByteArray()), TimeSpan.FromSeconds(10));

        Assert.Equal(AmqpErrorCode.TransactionUnknownId, Assert.IsType<Rejected>(outcome).Error.Condition);
        Assert.Equal(0, harness.Emulator.GetCounts("work").Active);
    }

    [Fact]
    public async Task ConnectionClosed_WithOpenTransaction_RollsItBack()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var raw = await RawAmqpClient.ConnectAsync(harness.Emulator.Port);
        var coordinator = await raw.OpenCoordinatorAsync("coordinator");
        var sender = await raw.OpenSenderAsync("sender", "work");
        var declared = Assert.IsType<Declared>(await RawAmqpClient.SendAsync(coordinator, AmqpMessage.Create(new AmqpValue { Value = new Declare() })));
        var sent = await sender.SendMessageAsync(AmqpMessage.Create(new Data { Value = new ArraySegment<byte>([1]) }), new ArraySegment<byte>(Guid.NewGuid().ToByteArray()), declared.TxnId, TimeSpan.FromSeconds(10));
        Assert.IsType<Accepted>(sent);

        await raw.DisposeAsync();
        await using var probe = await RawAmqpClient.ConnectAsync(harness.Emulator.Port);
        var probeCoordinator = await probe.OpenCoordinatorAsync("probe");
        var commit = await RawAmqpClient.SendAsync(probeCoordinator, AmqpMessage.Create(new AmqpValue { Value = new Discharge { TxnId = declared.TxnId, Fail = false } }));

        Assert.Equal(AmqpErrorCode.TransactionUnknownId, Assert.IsType<Rejected>(commit).Error.Condition);
        Assert.Equal(0, harness.Emulator.GetCounts("work").Active);
    }

    [Fact]
    public async Task Send_ViaEntityWithTransferDestination_CommitsToTheDestination()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var raw = await RawAmqpClient.ConnectAsync(harness.Emulator.Port);
        var coordinator = await raw.OpenCoordinatorAsync("coordinator");
        var sender = await raw.OpenSenderAsync("via-sender", "work", transferDestination: "forward-target");
        var declared = Assert.IsType<Declared>(await RawAmqpClient.SendAsync(coordinator, AmqpMessage.Create(new AmqpValue { Value = new Declare() })));

        var sent = await sender.SendMessageAsync(AmqpMessage.Create(new Data { Value = new ArraySegment<byte>([7]) }), new ArraySegment<byte>(Guid.NewGuid().ToByteArray()), declared.TxnId, TimeSpan.FromSeconds(10));
        var commit = await RawAmqpClient.SendAsync(coordinator, AmqpMessage.Create(new AmqpValue { Value = new Discharge { TxnId = declared.TxnId, Fail = false } }));

        Assert.IsType<Accepted>(sent);
        Assert.IsType<Accepted>(commit);
        Assert.Equal((0, 1), (harness.Emulator.GetCounts("work").Active, harness.Emulator.GetCounts("forward-target").Active));
    }

    private static ServiceBusClient CrossEntityClient(EmulatorHarness harness) =>
        new(harness.Emulator.ConnectionString, new ServiceBusClientOptions { EnableCrossEntityTransactions = true });
}

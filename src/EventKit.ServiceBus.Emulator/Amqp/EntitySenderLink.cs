using EventKit.ServiceBus.Emulator.Entities;
using EventKit.ServiceBus.Emulator.Transactions;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;
using Microsoft.Azure.Amqp.Transaction;
using Microsoft.Extensions.Logging;

namespace EventKit.ServiceBus.Emulator.Amqp;

/// <summary>
/// A client's sending link into a queue or topic: decodes each transfer (single or batch) and accepts or rejects it.
/// A transfer in a transaction is enlisted in it and applied when the transaction commits.
/// </summary>
internal sealed class EntitySenderLink
{
    private readonly ReceivingAmqpLink link;
    private readonly SendTargetBase target;
    private readonly TransactionCoordinator transactions;
    private readonly long maxMessageSize;
    private readonly EmulatorFaults faults;
    private readonly ILogger logger;

    private EntitySenderLink(ReceivingAmqpLink link, SendTargetBase target, TransactionCoordinator transactions, long maxMessageSize, EmulatorFaults faults, ILogger logger)
    {
        this.faults = faults;
        this.link = link;
        this.target = target;
        this.transactions = transactions;
        this.maxMessageSize = maxMessageSize;
        this.logger = logger;
    }

    /// <summary>
    /// How far past the limit a single transfer is still read, so that it can be rejected on its own as Azure does.
    /// Beyond this, the AMQP library closes the link, which bounds what one transfer can make the emulator buffer.
    /// </summary>
    private const int OversizeReadFactor = 4;

    public static void Attach(ReceivingAmqpLink link, SendTargetBase target, TransactionCoordinator transactions, long maxMessageSize, EmulatorFaults faults, ILogger logger)
    {
        var sender = new EntitySenderLink(link, target, transactions, maxMessageSize, faults, logger);
        link.RegisterMessageListener(sender.OnMessage);

        // The attach advertised the limit (the .NET SDK checks it before sending); clients that send regardless (the
        // JavaScript SDK does) expect a rejected delivery with message-size-exceeded, not a closed link.
        link.Opened += (_, _) => link.Settings.MaxMessageSize = (ulong)(maxMessageSize * OversizeReadFactor);
    }

    private void OnMessage(AmqpMessage message)
    {
        try
        {
            DeliveryState outcome = message.State is TransactionalState transactional ? AcceptInTransaction(message, transactional.TxnId) : Accept(message, transaction: null);
            link.DisposeMessage(message, outcome, settled: true, batchable: false);
        }
        catch (Exception exception) when (ClientFault.IsContainable(exception))
        {
            link.SafeClose(exception);
        }
        finally
        {
            message.Dispose();
        }
    }

    private TransactionalState AcceptInTransaction(AmqpMessage message, ArraySegment<byte> transactionId)
    {
        var transaction = transactions.Find(transactionId.AsSpan());
        var outcome = transaction is null
            ? Reject(AmqpConditions.TransactionUnknownId, "The transaction is unknown: it was never declared on this connection, or it was already discharged.")
            : Accept(message, transaction);
        return new TransactionalState { TxnId = transactionId, Outcome = outcome };
    }

    private Outcome Accept(AmqpMessage message, BrokerTransaction? transaction)
    {
        if (faults.TryTakeSendFailure(target.Path, out var fault))
        {
            return fault == SendFault.ServerBusy
                ? Reject(AmqpConditions.ServerBusy, $"The request was terminated because the entity '{target.Path}' is being throttled (fault injected).")
                : Reject(AmqpConditions.InternalError, $"The service was unable to process the request on '{target.Path}' (fault injected).");
        }

        if (message.SerializedMessageSize > maxMessageSize)
        {
            return Reject(AmqpConditions.MessageSizeExceeded, $"The received message (size {message.SerializedMessageSize} bytes) exceeds the limit ({maxMessageSize} bytes) currently allowed on the link.");
        }

        List<BrokeredMessage> messages;
        try
        {
            messages = MessageCodec.DecodeIncoming(message);
        }
        catch (Exception exception) when (ClientFault.IsContainable(exception))
        {
            return Reject(AmqpConditions.ArgumentError, "The message could not be decoded: " + exception.Message);
        }

        if (target.Store is { RequiresSession: true } && messages.Exists(m => string.IsNullOrEmpty(m.SessionId)))
        {
            return Reject(AmqpConditions.NotAllowed, $"The SessionId was not set on a message, and it cannot be sent to the entity '{target.Path}'. Entities that have session support enabled can only receive messages that have the SessionId set to a valid value.");
        }

        if (transaction is not null)
        {
            return transaction.EnlistSend(target, messages) switch
            {
                TransactionEnlistResult.Ok => AmqpConstants.AcceptedOutcome,
                TransactionEnlistResult.QuotaExceeded => Reject(AmqpConditions.QuotaExceeded, target.Quota.Describe(target.Path)),
                _ => Reject(AmqpConditions.TransactionUnknownId, "The transaction was already discharged."),
            };
        }

        long bytes = 0;
        foreach (var item in messages)
        {
            bytes += item.Size;
        }

        if (!target.Quota.HasRoomFor(bytes))
        {
            return Reject(AmqpConditions.QuotaExceeded, target.Quota.Describe(target.Path));
        }

        foreach (var item in messages)
        {
            target.Accept(item);
        }

        return AmqpConstants.AcceptedOutcome;
    }

    private Rejected Reject(Microsoft.Azure.Amqp.Encoding.AmqpSymbol condition, string description)
    {
        logger.MessageRejected(target.Path, description);
        return AmqpConditions.Rejected(condition, description);
    }
}

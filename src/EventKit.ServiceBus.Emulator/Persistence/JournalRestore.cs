using EventKit.ServiceBus.Emulator.Amqp;
using EventKit.ServiceBus.Emulator.Entities;
using Microsoft.Extensions.Logging;

namespace EventKit.ServiceBus.Emulator.Persistence;

/// <summary>
/// Puts what a replayed journal holds back into the entities built from the topology: messages (a lock lost with the
/// process counts as a delivery, as an expired lock does), scheduled messages, sequence numbers, remembered message ids
/// and session states. What belongs to an entity the topology no longer has is dropped, with a warning.
/// </summary>
internal static class JournalRestore
{
    public static void Restore(MessageJournal journal, MessagingNamespace entities, ILogger logger)
    {
        var state = journal.State;
        foreach (var target in entities.SendTargets)
        {
            target.RestoreSequenceNumber(state.HighestSequenceNumberOf(target.Path));
        }

        var restored = 0;
        foreach (var (storePath, messages) in state.Messages.ToList())
        {
            if (entities.FindStore(storePath) is not { } store)
            {
                logger.JournalEntityGone(journal.FilePath, storePath, messages.Count);
                state.ForgetStore(storePath);
                continue;
            }

            foreach (var journaled in messages.Values.ToList())
            {
                store.Restore(ToBrokered(journaled), journaled.Locked);
                restored++;
            }
        }

        foreach (var (entityPath, scheduled) in state.Scheduled.ToList())
        {
            if (entities.FindSendTarget(entityPath) is not { } target)
            {
                logger.JournalEntityGone(journal.FilePath, entityPath, scheduled.Count);
                state.ForgetEntity(entityPath);
                continue;
            }

            foreach (var (journaled, enqueueAt) in scheduled.Values.ToList())
            {
                target.Scheduled.Add(ToBrokered(journaled), enqueueAt);
                restored++;
            }
        }

        foreach (var (entityPath, seen) in state.SeenMessageIds.ToList())
        {
            if (entities.FindSendTarget(entityPath) is not { } target)
            {
                state.ForgetEntity(entityPath);
                continue;
            }

            foreach (var (messageId, (seenAt, _)) in seen.OrderBy(s => s.Value.SeenAt))
            {
                target.RestoreSeenMessageId(messageId, seenAt);
            }
        }

        foreach (var (storePath, states) in state.SessionStates.ToList())
        {
            if (entities.FindStore(storePath) is not { } store)
            {
                state.ForgetStore(storePath);
                continue;
            }

            foreach (var (sessionId, sessionState) in states)
            {
                store.Sessions.RestoreState(sessionId, sessionState);
            }
        }

        logger.JournalRestored(journal.FilePath, restored);
    }

    private static BrokeredMessage ToBrokered(JournaledMessage journaled)
    {
        var message = MessageCodec.Decode(journaled.Payload);
        message.SequenceNumber = journaled.SequenceNumber;
        message.EnqueuedTime = journaled.EnqueuedTime;
        message.ExpiresAt = journaled.ExpiresAt;
        message.DeliveryCount = journaled.DeliveryCount;
        message.DeadLetterSource = journaled.DeadLetterSource;
        message.TransferHops = journaled.TransferHops;
        message.State = journaled.Deferred ? MessageState.Deferred : MessageState.Active;
        return message;
    }
}

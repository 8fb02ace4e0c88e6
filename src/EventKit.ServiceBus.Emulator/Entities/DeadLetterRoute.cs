namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>
/// Where a <see cref="MessageStore"/>'s dead-lettered messages go: its dead-letter sub-queue, or the entity named by
/// <c>ForwardDeadLetteredMessagesTo</c>. A dead-letter sub-queue has no route, so what it gives up is dropped.
/// </summary>
internal sealed class DeadLetterRoute(string sourcePath, MessageStore? deadLetters, Action<string, BrokeredMessage> forward, AfterLockActions afterLock)
{
    /// <summary>Sends a copy of <paramref name="message"/>, which the caller has already let go of, with why it was dead-lettered.</summary>
    public void Send(BrokeredMessage message, string? reason, string? description, string? forwardTo)
    {
        if (deadLetters is null)
        {
            return;
        }

        var copy = Copy(message, reason, description);
        if (forwardTo is not null)
        {
            // Forwarding takes the target entity's lock, so it waits until the store's lock is released.
            afterLock.Add(() => forward(forwardTo, copy));
        }
        else
        {
            deadLetters.Enqueue(copy);
        }
    }

    /// <summary>
    /// The reason and description travel as application properties because that is where the SDK reads them from; the
    /// copy never expires, as dead-lettered messages in Azure do not.
    /// </summary>
    private BrokeredMessage Copy(BrokeredMessage message, string? reason, string? description)
    {
        var copy = message.CopyForEntity();
        copy.DeadLetterSource = sourcePath;
        if (reason is not null)
        {
            copy.UserProperties[DeadLetterReasons.ReasonProperty] = reason;
        }

        if (description is not null)
        {
            copy.UserProperties[DeadLetterReasons.DescriptionProperty] = description;
        }

        copy.UserPropertiesChanged = true;
        copy.ExpiresAt = DateTime.MaxValue;
        return copy;
    }
}

namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>Builds the copy of a message that goes to a dead-letter queue, carrying why it was dead-lettered.</summary>
internal static class DeadLetterCopy
{
    /// <summary>
    /// Copies <paramref name="message"/> for the dead-letter queue of <paramref name="sourcePath"/>. The reason and
    /// description travel as application properties because that is where the SDK reads them from; the copy never
    /// expires, as dead-lettered messages in Azure do not.
    /// </summary>
    public static BrokeredMessage Create(BrokeredMessage message, string sourcePath, string? reason, string? description)
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

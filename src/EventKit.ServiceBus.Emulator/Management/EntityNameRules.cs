namespace EventKit.ServiceBus.Emulator.Management;

/// <summary>Azure's naming rules for entities created at run time; a broken rule is a 400 that names the rule.</summary>
internal static class EntityNameRules
{
    public const int MaxQueueOrTopicLength = 260;
    public const int MaxSubscriptionOrRuleLength = 50;

    /// <summary>Queues and topics: letters, digits, '.', '-', '_', '~' and '/' between segments; each segment starts and ends with a letter or digit.</summary>
    public static void CheckQueueOrTopic(string name, string kind)
    {
        if (name.Length is 0 or > MaxQueueOrTopicLength)
        {
            throw AdministrationException.BadRequest($"The {kind} name '{name}' must be 1 to {MaxQueueOrTopicLength} characters long.");
        }

        foreach (var segment in name.Split('/'))
        {
            if (!IsWellFormed(segment, allowTilde: true) || IsReservedSegment(segment))
            {
                throw AdministrationException.BadRequest($"The {kind} name '{name}' is invalid: it may contain only letters, digits, '.', '-', '_', '~' and '/', each '/'-separated part must start and end with a letter or digit, and no part may be 'Subscriptions' or 'Rules'.");
            }
        }
    }

    /// <summary>Subscriptions: 1 to 50 letters, digits, '.', '-' or '_', starting and ending with a letter or digit.</summary>
    public static void CheckSubscription(string name)
    {
        if (name.Length is 0 or > MaxSubscriptionOrRuleLength || !IsWellFormed(name, allowTilde: false))
        {
            throw AdministrationException.BadRequest($"The subscription name '{name}' is invalid: it must be 1 to {MaxSubscriptionOrRuleLength} letters, digits, '.', '-' or '_', starting and ending with a letter or digit.");
        }
    }

    /// <summary>Rules: 1 to 50 characters without '/', '\', '?', '#' or '@' (the SDK's own check; <c>$Default</c> is valid).</summary>
    public static void CheckRule(string name)
    {
        if (name.Length is 0 or > MaxSubscriptionOrRuleLength || string.IsNullOrWhiteSpace(name) || name.IndexOfAny(['/', '\\', '?', '#', '@']) >= 0)
        {
            throw AdministrationException.BadRequest($"The rule name '{name}' is invalid: it must be 1 to {MaxSubscriptionOrRuleLength} characters without '/', '\\', '?', '#' or '@'.");
        }
    }

    private static bool IsWellFormed(string segment, bool allowTilde) =>
        segment.Length > 0
        && char.IsAsciiLetterOrDigit(segment[0])
        && char.IsAsciiLetterOrDigit(segment[^1])
        && segment.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' || (allowTilde && c == '~'));

    private static bool IsReservedSegment(string segment) =>
        string.Equals(segment, "Subscriptions", StringComparison.OrdinalIgnoreCase) || string.Equals(segment, "Rules", StringComparison.OrdinalIgnoreCase);
}

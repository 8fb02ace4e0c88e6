namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>
/// Work a <see cref="MessageStore"/> operation decides on under its lock but must run after releasing it: callbacks into
/// receivers, and sends to other entities, which take their own locks (holding two store locks invites deadlock).
/// Guarded by the store lock.
/// </summary>
internal sealed class AfterLockActions
{
    private List<Action> actions = [];

    public void Add(Action action) => actions.Add(action);

    /// <summary>Takes everything queued so far, or null when nothing is.</summary>
    public List<Action>? TakeAll()
    {
        if (actions.Count == 0)
        {
            return null;
        }

        var taken = actions;
        actions = [];
        return taken;
    }
}

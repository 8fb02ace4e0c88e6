namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>
/// Signals that an entity was deleted at run time, so that the links attached to it close with an
/// entity-not-found error instead of sending into, or receiving from, an entity nobody can reach any more.
/// </summary>
// A CancellationTokenSource without a timer, whose WaitHandle is never read, holds nothing that needs disposing;
// entities live until the emulator stops or they are deleted, and their links may still be unregistering then.
#pragma warning disable CA1001
internal sealed class EntityLifetime
#pragma warning restore CA1001
{
    private readonly CancellationTokenSource deleted = new();

    /// <summary>Cancelled when the entity is deleted.</summary>
    public CancellationToken Deleted => deleted.Token;

    /// <summary>Marks the entity deleted; callbacks registered on <see cref="Deleted"/> run on the caller's thread.</summary>
    /// <remarks>Call it outside every entity lock: the callbacks close links, which detach consumers under store locks.</remarks>
    public void MarkDeleted() => deleted.Cancel();
}

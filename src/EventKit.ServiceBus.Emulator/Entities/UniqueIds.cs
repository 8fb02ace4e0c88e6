namespace EventKit.ServiceBus.Emulator.Entities;

/// <summary>
/// Random (version 4) GUIDs for what the emulator names per message: lock tokens, delivery tags and the message ids it
/// assigns. <see cref="Guid.NewGuid"/> asks the operating system for every id (a system call on Linux), which cost more
/// than the rest of a delivery; these come from the runtime's seeded pseudo-random generator instead. They identify,
/// they do not protect: the emulator serves loopback clients only.
/// </summary>
internal static class UniqueIds
{
    public static Guid NewGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes);

        // The version (4, random) and variant (RFC 4122) bits, as Guid.NewGuid sets them.
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}

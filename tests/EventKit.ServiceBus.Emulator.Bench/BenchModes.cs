namespace EventKit.ServiceBus.Emulator.Bench;

/// <summary>Where the emulator runs while the SDK in this process measures it.</summary>
[Flags]
internal enum BenchModes
{
    /// <summary>The library in this process: the figure for tests and the run command, which host it so.</summary>
    InProcess = 1,

    /// <summary>The <c>eventkit-sb-emulator</c> command in its own process: the figure for users who run the command.</summary>
    SeparateProcess = 2,

    Both = InProcess | SeparateProcess,
}

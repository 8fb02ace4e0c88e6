using EventKit.ServiceBus.Emulator.Bench;

// Usage: [messages per scenario, default 20,000] [--in-process | --separate-process] (default: both, side by side).
var messages = args.FirstOrDefault(a => int.TryParse(a, out _)) is { } count ? int.Parse(count, System.Globalization.CultureInfo.InvariantCulture) : 20_000;
var modes = args.Contains("--in-process") ? BenchModes.InProcess
    : args.Contains("--separate-process") ? BenchModes.SeparateProcess
    : BenchModes.Both;
return await EmulatorBenchmark.RunAsync(messages, modes);

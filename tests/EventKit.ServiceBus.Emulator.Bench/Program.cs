using EventKit.ServiceBus.Emulator.Bench;

var messages = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 20_000;
return await EmulatorBenchmark.RunAsync(messages);

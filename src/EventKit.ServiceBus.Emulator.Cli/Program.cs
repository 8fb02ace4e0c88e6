using EventKit.ServiceBus.Emulator.Cli;

return await EmulatorCommand.Create().Parse(args).InvokeAsync().ConfigureAwait(false);

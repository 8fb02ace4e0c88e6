namespace EventKit.ServiceBus.Emulator;

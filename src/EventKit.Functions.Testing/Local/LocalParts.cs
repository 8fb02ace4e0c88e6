using EventKit.Functions.Testing.Azurite;
using EventKit.ServiceBus.Emulator;

namespace EventKit.Functions.Testing.Local;

/// <summary>The running parts a host starts over: their connection strings go into its settings.</summary>
/// <param name="Azurite">Blobs, queues and tables.</param>
/// <param name="ServiceBus">The Service Bus emulator, loaded with the topology.</param>
public sealed record LocalParts(AzuriteServer Azurite, ServiceBusEmulator ServiceBus);

namespace EventKit.Functions.Testing.Durable;

/// <summary>host.json's <c>maxConcurrentOrchestratorFunctions</c> and <c>maxConcurrentActivityFunctions</c>, per host.</summary>
internal readonly record struct DurableConcurrency(int Orchestrations, int Activities);

namespace EventKit.Functions.Testing.Discovery;

/// <summary>The trigger types the kit binds.</summary>
public enum TriggerKind
{
    /// <summary><c>[HttpTrigger]</c>: served on Kestrel.</summary>
    Http,

    /// <summary><c>[ServiceBusTrigger]</c>: a processor on the configured namespace (the emulator locally).</summary>
    ServiceBus,

    /// <summary><c>[OrchestrationTrigger]</c>: registered with the Durable in-process host.</summary>
    Orchestration,

    /// <summary><c>[ActivityTrigger]</c>: registered with the Durable in-process host.</summary>
    Activity,

    /// <summary><c>[TimerTrigger]</c>: invoked on demand through <see cref="FunctionsTestHost.InvokeTimerAsync"/>.</summary>
    Timer,
}

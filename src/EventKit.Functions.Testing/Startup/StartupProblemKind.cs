namespace EventKit.Functions.Testing.Startup;

/// <summary>What the Functions host or an Azure service would reject, found by <see cref="FunctionsTestHost.StartAsync"/>.</summary>
public enum StartupProblemKind
{
    /// <summary>A function name the Functions host rejects: it must start with a letter, hold only letters, digits, '_' and '-', be at most 128 characters, and not be "host".</summary>
    InvalidFunctionName,

    /// <summary>Two HTTP functions answer the same route and method.</summary>
    DuplicateHttpRoute,

    /// <summary>A <c>[ServiceBusTrigger]</c> names a queue, topic or subscription the topology file does not declare.</summary>
    UndeclaredServiceBusEntity,

    /// <summary>A <c>[ServiceBusTrigger]</c>'s <c>IsSessionsEnabled</c> disagrees with the entity's <c>RequiresSession</c> in the topology file.</summary>
    ServiceBusSessionMismatch,

    /// <summary>An app setting a trigger reads (a connection or a <c>%name%</c> expression) is not set.</summary>
    MissingSetting,

    /// <summary>The Durable task hub name is one the Azure Storage backend rejects.</summary>
    InvalidTaskHubName,

    /// <summary>host.json holds a value of the wrong type, or a key the host does not know, in a section the kit reads.</summary>
    InvalidHostJson,
}

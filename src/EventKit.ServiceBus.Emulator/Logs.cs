using Microsoft.Extensions.Logging;

namespace EventKit.ServiceBus.Emulator;

/// <summary>The emulator's structured log messages.</summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Service Bus emulator listening on amqp://{Host}:{Port} with {QueueCount} queues and {TopicCount} topics")]
    public static partial void Listening(this ILogger logger, string host, int port, int queueCount, int topicCount);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Inspection endpoint listening on {Endpoint}")]
    public static partial void InspectionListening(this ILogger logger, Uri endpoint);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Service Bus emulator stopped")]
    public static partial void Stopped(this ILogger logger);

    [LoggerMessage(EventId = 10, Level = LogLevel.Debug, Message = "Connection {ConnectionId} opened from container {ContainerId}")]
    public static partial void ConnectionOpened(this ILogger logger, string connectionId, string? containerId);

    [LoggerMessage(EventId = 11, Level = LogLevel.Debug, Message = "Connection {ConnectionId} closed")]
    public static partial void ConnectionClosed(this ILogger logger, string connectionId);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Connection failed and was closed: {Reason}")]
    public static partial void ConnectionFailed(this ILogger logger, string reason);

    [LoggerMessage(EventId = 20, Level = LogLevel.Debug, Message = "Link {LinkName} attached: {Role} {Address}")]
    public static partial void LinkAttached(this ILogger logger, string linkName, string role, string address);

    [LoggerMessage(EventId = 21, Level = LogLevel.Debug, Message = "Link {LinkName} detached")]
    public static partial void LinkDetached(this ILogger logger, string linkName);

    [LoggerMessage(EventId = 22, Level = LogLevel.Information, Message = "Link {LinkName} refused for {Address}: {Reason}")]
    public static partial void LinkRefused(this ILogger logger, string linkName, string address, string reason);

    [LoggerMessage(EventId = 23, Level = LogLevel.Information, Message = "Link {LinkName} closed: its entity {Address} was deleted")]
    public static partial void LinkClosedEntityDeleted(this ILogger logger, string linkName, string address);

    [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "Message to {Address} rejected: {Reason}")]
    public static partial void MessageRejected(this ILogger logger, string address, string reason);

    [LoggerMessage(EventId = 31, Level = LogLevel.Warning, Message = "Management operation {Operation} on {Address} failed")]
    public static partial void ManagementFailed(this ILogger logger, Exception exception, string operation, string address);

    [LoggerMessage(EventId = 32, Level = LogLevel.Debug, Message = "Transaction {TransactionId} declared")]
    public static partial void TransactionDeclared(this ILogger logger, Guid transactionId);

    [LoggerMessage(EventId = 33, Level = LogLevel.Debug, Message = "Transaction {TransactionId} discharged: {Outcome}")]
    public static partial void TransactionDischarged(this ILogger logger, Guid transactionId, EventKit.ServiceBus.Emulator.Transactions.DischargeOutcome outcome);

    [LoggerMessage(EventId = 50, Level = LogLevel.Debug, Message = "Administration: {Method} {Path} answered {Status}")]
    public static partial void AdministrationRequest(this ILogger logger, string method, string path, int status);

    [LoggerMessage(EventId = 40, Level = LogLevel.Error, Message = "Background sweep failed")]
    public static partial void SweepFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 41, Level = LogLevel.Warning, Message = "Inspection request failed")]
    public static partial void InspectionFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 60, Level = LogLevel.Warning, Message = "Fault injected: {Count} connections dropped")]
    public static partial void FaultConnectionsDropped(this ILogger logger, int count);

    [LoggerMessage(EventId = 70, Level = LogLevel.Information, Message = "Journal {Path} replayed: {RecordCount} records")]
    public static partial void JournalReplayed(this ILogger logger, string path, int recordCount);

    [LoggerMessage(EventId = 71, Level = LogLevel.Warning, Message = "Journal {Path}: {ByteCount} bytes from offset {Offset} ignored ({Reason}); the process was probably stopped while writing, and the operation that record described had not been acknowledged")]
    public static partial void JournalTailIgnored(this ILogger logger, string path, long offset, long byteCount, string reason);

    [LoggerMessage(EventId = 72, Level = LogLevel.Information, Message = "Journal {Path}: {MessageCount} messages restored")]
    public static partial void JournalRestored(this ILogger logger, string path, int messageCount);

    [LoggerMessage(EventId = 73, Level = LogLevel.Warning, Message = "Journal {Path}: {Count} messages of {EntityPath} dropped, because the topology has no such entity (entities created at run time are not kept; add them to the topology file)")]
    public static partial void JournalEntityGone(this ILogger logger, string path, string entityPath, int count);

    [LoggerMessage(EventId = 74, Level = LogLevel.Debug, Message = "Journal {Path} compacted to {ByteCount} bytes")]
    public static partial void JournalCompacted(this ILogger logger, string path, long byteCount);

    [LoggerMessage(EventId = 75, Level = LogLevel.Error, Message = "Journal {Path} could not be written; messages are still served from memory, but a restart will lose what was not written")]
    public static partial void JournalWriteFailed(this ILogger logger, Exception exception, string path);
}

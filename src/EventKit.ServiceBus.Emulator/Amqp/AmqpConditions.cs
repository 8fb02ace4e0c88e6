using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Azure.Amqp.Framing;

namespace EventKit.ServiceBus.Emulator.Amqp;

/// <summary>The AMQP error conditions Azure Service Bus sends, which the SDK maps to <c>ServiceBusFailureReason</c>.</summary>
internal static class AmqpConditions
{
    public static readonly AmqpSymbol DeadLetter = "com.microsoft:dead-letter";
    public static readonly AmqpSymbol MessageLockLost = "com.microsoft:message-lock-lost";
    public static readonly AmqpSymbol SessionLockLost = "com.microsoft:session-lock-lost";
    public static readonly AmqpSymbol SessionCannotBeLocked = "com.microsoft:session-cannot-be-locked";
    public static readonly AmqpSymbol MessageNotFound = "com.microsoft:message-not-found";
    public static readonly AmqpSymbol Timeout = "com.microsoft:timeout";
    public static readonly AmqpSymbol ServerBusy = "com.microsoft:server-busy";
    public static readonly AmqpSymbol ArgumentError = "com.microsoft:argument-error";
    public static readonly AmqpSymbol EntityAlreadyExists = "com.microsoft:entity-already-exists";
    public static readonly AmqpSymbol NotFound = AmqpErrorCode.NotFound;
    public static readonly AmqpSymbol NotAllowed = AmqpErrorCode.NotAllowed;
    public static readonly AmqpSymbol NotImplemented = AmqpErrorCode.NotImplemented;
    public static readonly AmqpSymbol MessageSizeExceeded = AmqpErrorCode.MessageSizeExceeded;
    public static readonly AmqpSymbol InternalError = AmqpErrorCode.InternalError;

    /// <summary>An entity is full (<c>MaxSizeInMegabytes</c>); the SDK maps it to <c>QuotaExceeded</c>.</summary>
    public static readonly AmqpSymbol QuotaExceeded = AmqpErrorCode.ResourceLimitExceeded;
    public static readonly AmqpSymbol TransactionUnknownId = AmqpErrorCode.TransactionUnknownId;
    public static readonly AmqpSymbol TransactionRollback = AmqpErrorCode.TransactionRollback;

    public static AmqpException Exception(AmqpSymbol condition, string description) =>
        new(new Error { Condition = condition, Description = description });

    public static AmqpException EntityNotFound(string host, string path) =>
        Exception(NotFound, $"The messaging entity 'sb://{host}/{path}' could not be found. To know more visit https://aka.ms/sbResourceMgrExceptions.");

    public static Rejected Rejected(AmqpSymbol condition, string description) =>
        new() { Error = new Error { Condition = condition, Description = description } };
}

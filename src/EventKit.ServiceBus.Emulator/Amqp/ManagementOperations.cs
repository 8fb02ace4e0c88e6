using System.Collections;
using System.Globalization;
using EventKit.ServiceBus.Emulator.Entities;
using EventKit.ServiceBus.Emulator.Filters;
using EventKit.ServiceBus.Emulator.Transactions;
using Microsoft.Azure.Amqp.Encoding;

namespace EventKit.ServiceBus.Emulator.Amqp;

/// <summary>
/// The <c>$management</c> operations the SDK sends for one entity: lock renewal, peek, scheduling, deferred receive,
/// disposition by lock token, session lock and state, and rule management.
/// </summary>
internal sealed class ManagementOperations(string entityPath, SendTargetBase? target, MessageStore? store, MessagingNamespace entities)
{
    private readonly DateTime createdAt = DateTime.UtcNow;

    private const string Prefix = "com.microsoft:";

    public string EntityPath { get; } = entityPath;

    public ManagementResponse Execute(string operation, AmqpMap request)
    {
        var name = operation.StartsWith(Prefix, StringComparison.Ordinal) ? operation[Prefix.Length..] : operation;
        return name switch
        {
            "renew-lock" => RenewLock(request),
            "peek-message" => Peek(request),
            "schedule-message" => Schedule(request),
            "cancel-scheduled-message" => CancelScheduled(request),
            "receive-by-sequence-number" => ReceiveBySequenceNumber(request),
            "update-disposition" => UpdateDisposition(request),
            "renew-session-lock" => RenewSessionLock(request),
            "get-session-state" => GetSessionState(request),
            "set-session-state" => SetSessionState(request),
            "add-rule" => AddRule(request),
            "remove-rule" => RemoveRule(request),
            "enumerate-rules" => EnumerateRules(request),
            _ => ManagementResponse.Error(501, AmqpConditions.NotImplemented, $"The operation '{operation}' is not supported by the emulator."),
        };
    }

    /// <summary>
    /// Runs an operation that a client sent inside a transaction. Settling by lock token (deferred messages) is enlisted
    /// like a link disposition; scheduling is refused, and operations that do not change messages run as usual.
    /// </summary>
    public ManagementResponse ExecuteInTransaction(string operation, AmqpMap request, BrokerTransaction transaction)
    {
        var name = operation.StartsWith(Prefix, StringComparison.Ordinal) ? operation[Prefix.Length..] : operation;
        return name switch
        {
            "update-disposition" => UpdateDisposition(request, transaction),
            "schedule-message" or "cancel-scheduled-message" => ManagementResponse.Error(501, AmqpConditions.NotImplemented, $"The emulator does not support '{name}' inside a transaction; schedule outside the transaction scope."),
            _ => Execute(operation, request),
        };
    }

    private MessageStore Store => store ?? throw new ArgumentException($"'{EntityPath}' is not a queue or subscription.");

    private SendTargetBase Target => target ?? throw new ArgumentException($"'{EntityPath}' is not a queue or topic.");

    private ManagementResponse RenewLock(AmqpMap request)
    {
        var tokens = ReadGuids(Get(request, "lock-tokens"));
        var expirations = new DateTime[tokens.Count];
        for (var i = 0; i < tokens.Count; i++)
        {
            var result = Store.RenewLock(tokens[i], out expirations[i]);
            if (result != SettleResult.Ok)
            {
                return Failure(result);
            }
        }

        return ManagementResponse.Ok(new AmqpMap { [new MapKey("expirations")] = expirations });
    }

    private ManagementResponse Peek(AmqpMap request)
    {
        var from = Convert.ToInt64(Get(request, "from-sequence-number") ?? 0L, CultureInfo.InvariantCulture);
        var count = Convert.ToInt32(Get(request, "message-count") ?? 1, CultureInfo.InvariantCulture);
        var sessionId = Get(request, "session-id") as string;
        var found = store?.Peek(from, count, sessionId, MessageCodec.EncodeToBytes) ?? [];
        if (target is not null && sessionId is null)
        {
            found.AddRange(target.Scheduled.Peek(from, count, MessageCodec.EncodeToBytes));
        }

        if (found.Count == 0)
        {
            return ManagementResponse.NoContent();
        }

        var messages = found.OrderBy(m => m.SequenceNumber).Take(count)
            .Select(m => (object)new AmqpMap { [new MapKey("message")] = m.Message })
            .ToList();
        return ManagementResponse.Ok(new AmqpMap { [new MapKey("messages")] = messages });
    }

    private ManagementResponse Schedule(AmqpMap request)
    {
        var entries = (IList)Get(request, "messages")!;
        var sequenceNumbers = new long[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = (AmqpMap)entries[i]!;
            var bytes = ToBytes(Get(entry, "message"));
            var message = MessageCodec.Decode(bytes);
            if (Target.Store is { RequiresSession: true } && string.IsNullOrEmpty(message.SessionId))
            {
                return ManagementResponse.Error(400, AmqpConditions.NotAllowed, $"The SessionId was not set on a message, and it cannot be sent to the entity '{EntityPath}'.");
            }

            if (!Target.Quota.HasRoomFor(message.Size))
            {
                return ManagementResponse.Error(403, AmqpConditions.QuotaExceeded, Target.Quota.Describe(Target.Path));
            }

            sequenceNumbers[i] = Target.Accept(message);
        }

        return ManagementResponse.Ok(new AmqpMap { [new MapKey("sequence-numbers")] = sequenceNumbers });
    }

    private ManagementResponse CancelScheduled(AmqpMap request)
    {
        foreach (var sequenceNumber in ReadLongs(Get(request, "sequence-numbers")))
        {
            Target.Scheduled.Cancel(sequenceNumber);
        }

        return ManagementResponse.Ok(new AmqpMap());
    }

    private ManagementResponse ReceiveBySequenceNumber(AmqpMap request)
    {
        var sequenceNumbers = ReadLongs(Get(request, "sequence-numbers"));
        var settleMode = Convert.ToInt64(Get(request, "receiver-settle-mode") ?? 1L, CultureInfo.InvariantCulture);
        var result = Store.ReceiveDeferred(sequenceNumbers, peekLock: settleMode != 0, Get(request, "session-id") as string, MessageCodec.EncodeToBytes, out var received);
        if (result != SettleResult.Ok)
        {
            return Failure(result);
        }

        var messages = received
            .Select(r => (object)new AmqpMap { [new MapKey("lock-token")] = r.LockToken, [new MapKey("message")] = r.Message })
            .ToList();
        return ManagementResponse.Ok(new AmqpMap { [new MapKey("messages")] = messages });
    }

    private ManagementResponse UpdateDisposition(AmqpMap request, BrokerTransaction? transaction = null)
    {
        var status = (Get(request, "disposition-status") as string ?? string.Empty).ToUpperInvariant();
        Dictionary<string, object?>? properties = null;
        if (Get(request, "properties-to-modify") is AmqpMap map)
        {
            properties = [];
            foreach (var pair in map)
            {
                properties[pair.Key.Key.ToString()!] = pair.Value;
            }
        }

        var outcome = status switch
        {
            "COMPLETED" => new SettleOutcome(SettleKind.Complete),
            "ABANDONED" => new SettleOutcome(SettleKind.Abandon, properties),
            "DEFERED" or "DEFERRED" => new SettleOutcome(SettleKind.Defer, properties),
            "SUSPENDED" => new SettleOutcome(SettleKind.DeadLetter, properties, Get(request, "deadletter-reason") as string, Get(request, "deadletter-description") as string),
            _ => throw new ArgumentException($"Unknown disposition status '{status}'."),
        };

        foreach (var token in ReadGuids(Get(request, "lock-tokens")))
        {
            var result = transaction is null ? Store.Settle(token, outcome) : ToSettleResult(transaction.EnlistSettlement(Store, token, outcome));
            if (result != SettleResult.Ok)
            {
                return Failure(result);
            }
        }

        return ManagementResponse.Ok(new AmqpMap());
    }

    private ManagementResponse RenewSessionLock(AmqpMap request)
    {
        var result = Store.Sessions.RenewLock(RequireSessionId(request), out var lockedUntil);
        return result == SettleResult.Ok ? ManagementResponse.Ok(new AmqpMap { [new MapKey("expiration")] = lockedUntil }) : Failure(result);
    }

    private ManagementResponse GetSessionState(AmqpMap request)
    {
        var result = Store.Sessions.GetState(RequireSessionId(request), out var state);
        return result == SettleResult.Ok
            ? ManagementResponse.Ok(new AmqpMap { [new MapKey("session-state")] = state is null ? null! : new ArraySegment<byte>(state) })
            : Failure(result);
    }

    private ManagementResponse SetSessionState(AmqpMap request)
    {
        var value = Get(request, "session-state");
        var result = Store.Sessions.SetState(RequireSessionId(request), value is null ? null : ToBytes(value));
        return result == SettleResult.Ok ? ManagementResponse.Ok(new AmqpMap()) : Failure(result);
    }

    private SubscriptionEntity Subscription => entities.FindSubscription(EntityPath) ?? throw new ArgumentException($"'{EntityPath}' is not a subscription.");

    private ManagementResponse AddRule(AmqpMap request)
    {
        var name = Get(request, "rule-name") as string ?? throw new ArgumentException("The request has no 'rule-name'.");
        var definition = RuleDescriptionCodec.Read(name, Get(request, "rule-description") as AmqpMap ?? throw new ArgumentException("The request has no 'rule-description'."));
        CompiledRule rule;
        try
        {
            rule = CompiledRule.Compile($"Subscription '{EntityPath}'", definition);
        }
        catch (EmulatorTopologyException exception)
        {
            return ManagementResponse.Error(400, AmqpConditions.ArgumentError, exception.Message);
        }

        return Subscription.TryAddRule(rule)
            ? ManagementResponse.Ok(new AmqpMap())
            : ManagementResponse.Error(409, AmqpConditions.EntityAlreadyExists, $"The rule '{name}' already exists on '{EntityPath}'.");
    }

    private ManagementResponse RemoveRule(AmqpMap request)
    {
        var name = Get(request, "rule-name") as string ?? throw new ArgumentException("The request has no 'rule-name'.");
        return Subscription.TryRemoveRule(name)
            ? ManagementResponse.Ok(new AmqpMap())
            : ManagementResponse.Error(404, AmqpConditions.NotFound, $"The messaging entity '{EntityPath}/Rules/{name}' could not be found.");
    }

    private ManagementResponse EnumerateRules(AmqpMap request)
    {
        var skip = Convert.ToInt32(Get(request, "skip") ?? 0, CultureInfo.InvariantCulture);
        var top = Convert.ToInt32(Get(request, "top") ?? int.MaxValue, CultureInfo.InvariantCulture);
        var rules = Subscription.Rules.Skip(skip).Take(top)
            .Select(r => (object)new AmqpMap { [new MapKey("rule-description")] = RuleDescriptionCodec.Write(r.Definition, createdAt) })
            .ToList();
        return rules.Count == 0 ? ManagementResponse.NoContent() : ManagementResponse.Ok(new AmqpMap { [new MapKey("rules")] = rules });
    }

    private static object? Get(AmqpMap request, string key) => request[new MapKey(key)];

    private static string RequireSessionId(AmqpMap request) =>
        Get(request, "session-id") as string ?? throw new ArgumentException("The request has no 'session-id'.");

    private static ManagementResponse Failure(SettleResult result) => result switch
    {
        SettleResult.SessionLockLost => ManagementResponse.Error(410, AmqpConditions.SessionLockLost, "The session lock has expired on the MessageSession. Accept a new MessageSession."),
        SettleResult.MessageNotFound => ManagementResponse.Error(404, AmqpConditions.MessageNotFound, "Failed to retrieve the message: it was not found or is not deferred."),
        _ => ManagementResponse.Error(410, AmqpConditions.MessageLockLost, "The lock supplied is invalid. Either the lock expired, or the message has already been removed from the queue."),
    };

    private static SettleResult ToSettleResult(TransactionEnlistResult result) => result switch
    {
        TransactionEnlistResult.Ok => SettleResult.Ok,
        TransactionEnlistResult.SessionLockLost => SettleResult.SessionLockLost,
        _ => SettleResult.LockLost,
    };

    private static byte[] ToBytes(object? value) => value switch
    {
        ArraySegment<byte> segment => segment.ToArray(),
        byte[] bytes => bytes,
        _ => throw new ArgumentException("Expected binary data."),
    };

    private static List<Guid> ReadGuids(object? value) => value switch
    {
        Guid single => [single],
        IEnumerable values => values.Cast<object>().Select(v => v is Guid g ? g : new Guid(ToBytes(v))).ToList(),
        _ => throw new ArgumentException("Expected 'lock-tokens'."),
    };

    private static List<long> ReadLongs(object? value) => value switch
    {
        long single => [single],
        IEnumerable values => values.Cast<object>().Select(v => Convert.ToInt64(v, CultureInfo.InvariantCulture)).ToList(),
        _ => throw new ArgumentException("Expected 'sequence-numbers'."),
    };
}

using EventKit.ServiceBus.Emulator.Transactions;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;
using Microsoft.Azure.Amqp.Transaction;
using Microsoft.Extensions.Logging;

namespace EventKit.ServiceBus.Emulator.Amqp;

/// <summary>
/// The AMQP transaction coordinator: a client's link whose target is a coordinator carries <c>declare</c> (answered
/// with <c>declared</c> and a txn-id) and <c>discharge</c> (commit, or rollback with fail = true) messages.
/// </summary>
internal static class CoordinatorLink
{
    public static void Attach(ReceivingAmqpLink link, TransactionCoordinator coordinator, ILogger logger)
    {
        link.RegisterMessageListener(message =>
        {
            try
            {
                link.DisposeMessage(message, Handle(message, coordinator, logger), settled: true, batchable: false);
            }
            catch (Exception exception) when (ClientFault.IsContainable(exception))
            {
                link.SafeClose(exception);
            }
            finally
            {
                message.Dispose();
            }
        });
    }

    private static Outcome Handle(AmqpMessage message, TransactionCoordinator coordinator, ILogger logger)
    {
        switch (message.ValueBody?.Value)
        {
            case Declare:
                var declared = coordinator.Declare();
                logger.TransactionDeclared(declared.Id);
                return new Declared { TxnId = new ArraySegment<byte>(declared.Id.ToByteArray()) };
            case Discharge discharge:
                var outcome = coordinator.Discharge(discharge.TxnId.AsSpan(), discharge.Fail == true, out var reason);
                logger.TransactionDischarged(discharge.TxnId.Count == 16 ? new Guid(discharge.TxnId.AsSpan()) : Guid.Empty, outcome);
                return outcome switch
                {
                    DischargeOutcome.UnknownTransaction => AmqpConditions.Rejected(AmqpConditions.TransactionUnknownId, "The transaction is unknown: it was never declared on this connection, or it was already discharged."),
                    DischargeOutcome.RolledBack when reason is not null => AmqpConditions.Rejected(AmqpConditions.TransactionRollback, reason),
                    _ => AmqpConstants.AcceptedOutcome,
                };
            default:
                return AmqpConditions.Rejected(AmqpConditions.NotImplemented, "The coordinator accepts only declare and discharge messages (an amqp-value body).");
        }
    }
}

using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Azure.Amqp.Transaction;
using Microsoft.Extensions.Logging;

namespace EventKit.ServiceBus.Emulator.Amqp;

/// <summary>An entity's <c>$management</c> request link: runs each operation and replies on the request's reply-to link.</summary>
internal static class ManagementRequestLink
{
    public static void Attach(ReceivingAmqpLink link, ConnectionState connection, ManagementOperations operations, ILogger logger)
    {
        link.RegisterMessageListener(request =>
        {
            try
            {
                var operation = request.ApplicationProperties?.Map["operation"] as string ?? string.Empty;
                ManagementResponse response;
                try
                {
                    var body = request.ValueBody?.Value as AmqpMap ?? new AmqpMap();
                    if (request.State is TransactionalState transactional)
                    {
                        var transaction = connection.Transactions.Find(transactional.TxnId.AsSpan());
                        response = transaction is null
                            ? ManagementResponse.Error(400, AmqpConditions.TransactionUnknownId, "The transaction is unknown: it was never declared on this connection, or it was already discharged.")
                            : operations.ExecuteInTransaction(operation, body, transaction);
                    }
                    else
                    {
                        response = operations.Execute(operation, body);
                    }
                }
                catch (Exception exception) when (ClientFault.IsContainable(exception))
                {
                    logger.ManagementFailed(exception, operation, operations.EntityPath);
                    response = ManagementResponse.Error(400, AmqpConditions.ArgumentError, exception.Message);
                }

                connection.TrySendReply(request.Properties.ReplyTo?.ToString(), response.ToMessage(request));
                link.AcceptMessage(request, request.Settled, batchable: false);
            }
            catch (Exception exception) when (ClientFault.IsContainable(exception))
            {
                link.SafeClose(exception);
            }
            finally
            {
                request.Dispose();
            }
        });
    }
}

using Microsoft.Azure.Amqp;

namespace EventKit.ServiceBus.Emulator.Amqp;

/// <summary>
/// The <c>$cbs</c> node: accepts every put-token request (the emulator does not authenticate) and replies 200 on the reply link.
/// </summary>
internal static class CbsRequestLink
{
    public static void Attach(ReceivingAmqpLink link, ConnectionState connection)
    {
        link.RegisterMessageListener(request =>
        {
            try
            {
                var reply = AmqpMessage.Create();
                reply.Properties.CorrelationId = request.Properties.MessageId;
                reply.ApplicationProperties.Map["status-code"] = 200;
                reply.ApplicationProperties.Map["status-description"] = "OK";
                connection.TrySendReply(request.Properties.ReplyTo?.ToString(), reply);
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

using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Azure.Amqp.Framing;

namespace EventKit.ServiceBus.Emulator.Amqp;

/// <summary>A <c>$management</c> reply: HTTP-like status, optional error condition, and an AMQP map body.</summary>
internal sealed record ManagementResponse(int StatusCode, string Description, AmqpMap? Body = null, AmqpSymbol? ErrorCondition = null)
{
    public static ManagementResponse Ok(AmqpMap body) => new(200, "OK", body);

    public static ManagementResponse NoContent() => new(204, "No Content", new AmqpMap());

    public static ManagementResponse Error(int statusCode, AmqpSymbol condition, string description) => new(statusCode, description, null, condition);

    public AmqpMessage ToMessage(AmqpMessage request)
    {
        var reply = Body is null ? AmqpMessage.Create() : AmqpMessage.Create(new AmqpValue { Value = Body });
        reply.Properties.CorrelationId = request.Properties.MessageId;
        reply.ApplicationProperties = new ApplicationProperties();
        reply.ApplicationProperties.Map["statusCode"] = StatusCode;
        reply.ApplicationProperties.Map["statusDescription"] = Description;
        if (ErrorCondition is { } condition)
        {
            reply.ApplicationProperties.Map["errorCondition"] = condition;
        }

        return reply;
    }
}

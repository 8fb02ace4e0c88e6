using System.Reflection;
using System.Text.Json;
using Azure.Messaging.ServiceBus;
using EventKit.Functions.Testing.Discovery;
using EventKit.Functions.Testing.Invocation;
using Microsoft.Azure.Functions.Worker;

namespace EventKit.Functions.Testing.ServiceBus;

/// <summary>
/// Binds a Service Bus function's parameters from its <see cref="ServiceBusDelivery"/>, as the isolated worker does:
/// the trigger parameter from the body (or the whole message), the settlement actions by type, and trigger metadata by
/// parameter name.
/// </summary>
internal static class ServiceBusParameterBinder
{
    private static readonly JsonSerializerOptions BodyOptions = new(JsonSerializerDefaults.Web);

    /// <summary>The binder for <paramref name="parameter"/>, or null when it is not the trigger's to bind (services, Durable client).</summary>
    /// <exception cref="NotSupportedException">A batched trigger's parameter is not an array.</exception>
    public static ParameterBinder? For(FunctionDescriptor function, ParameterInfo parameter, bool batched)
    {
        var type = parameter.ParameterType;
        if (parameter == function.TriggerParameter)
        {
            if (batched)
            {
                var element = type.IsArray ? type.GetElementType()! : throw new NotSupportedException($"Function '{function.Name}': a batched trigger binds an array.");
                var convert = BodyConverter(element);
                return state =>
                {
                    var messages = ((ServiceBusDelivery)state.Trigger!).Messages;
                    var array = Array.CreateInstance(element, messages.Count);
                    for (var i = 0; i < messages.Count; i++)
                    {
                        array.SetValue(convert(messages[i]), i);
                    }

                    return ValueTask.FromResult<object?>(array);
                };
            }

            var single = BodyConverter(type);
            return state => ValueTask.FromResult(single(((ServiceBusDelivery)state.Trigger!).Messages[0]));
        }

        if (type == typeof(ServiceBusMessageActions))
        {
            return static state => ValueTask.FromResult<object?>(((ServiceBusDelivery)state.Trigger!).Actions);
        }

        if (type == typeof(ServiceBusSessionMessageActions))
        {
            return static state => ValueTask.FromResult<object?>(((ServiceBusDelivery)state.Trigger!).SessionActions
                ?? throw new InvalidOperationException("ServiceBusSessionMessageActions is bound only when IsSessionsEnabled is true."));
        }

        // Trigger metadata, bound by parameter name as in the real host.
        Func<ServiceBusReceivedMessage, object?>? metadata = parameter.Name?.ToUpperInvariant() switch
        {
            "MESSAGEID" => static m => m.MessageId,
            "CORRELATIONID" => static m => m.CorrelationId,
            "DELIVERYCOUNT" => static m => m.DeliveryCount,
            "SESSIONID" => static m => m.SessionId,
            "CONTENTTYPE" => static m => m.ContentType,
            "SUBJECT" or "LABEL" => static m => m.Subject,
            "LOCKTOKEN" => static m => m.LockToken,
            "SEQUENCENUMBER" => static m => m.SequenceNumber,
            "ENQUEUEDTIMEUTC" => static m => m.EnqueuedTime.UtcDateTime,
            "APPLICATIONPROPERTIES" or "USERPROPERTIES" => static m => m.ApplicationProperties,
            _ => null,
        };
        return metadata is null ? null : state => ValueTask.FromResult(metadata(((ServiceBusDelivery)state.Trigger!).Messages[0]));
    }

    private static Func<ServiceBusReceivedMessage, object?> BodyConverter(Type type)
    {
        if (type == typeof(ServiceBusReceivedMessage))
        {
            return static m => m;
        }

        if (type == typeof(string))
        {
            return static m => m.Body.ToString();
        }

        if (type == typeof(BinaryData))
        {
            return static m => m.Body;
        }

        if (type == typeof(byte[]))
        {
            return static m => m.Body.ToArray();
        }

        return m => JsonSerializer.Deserialize(m.Body.ToMemory().Span, type, BodyOptions);
    }
}

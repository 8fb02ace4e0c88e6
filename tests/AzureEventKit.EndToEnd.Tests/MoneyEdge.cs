using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;
using AzureEventKit.Contracts;
using AzureEventKit.Functions.Messaging;
using AzureEventKit.Functions.Payments;
using Microsoft.Extensions.DependencyInjection;

namespace AzureEventKit.EndToEnd.Tests;

/// <summary>
/// TEST-ONLY SEAMS for the money flow, registered after AddOrderWorkflow: a spy at the payment provider (the one true
/// external edge) and a broker that refuses ShipmentCreated for armed orders. Everything else stays the app's own.
/// </summary>
public sealed class MoneyEdge
{
    /// <summary>Every provider call, as (operation, idempotency key).</summary>
    public ConcurrentQueue<(string Operation, string IdempotencyKey)> GatewayCalls { get; } = new();

    /// <summary>Orders whose ShipmentCreated the broker refuses, as an unreachable Service Bus would.</summary>
    public ConcurrentDictionary<string, bool> ShipmentAnnouncementOutage { get; } = new();

    /// <summary>Distinct idempotency keys of <paramref name="operation"/> for the order: what a provider acts on.</summary>
    public int Charges(string operation, string orderId) =>
        GatewayCalls.Where(call => call.Operation == operation && call.IdempotencyKey.StartsWith(orderId + ":", StringComparison.Ordinal))
            .Select(call => call.IdempotencyKey).Distinct(StringComparer.Ordinal).Count();

    public static void Register(IServiceCollection services, MoneyEdge edge)
    {
        services.AddSingleton(edge);
        services.AddSingleton<IPaymentGateway>(new SpyGateway(edge));
        services.AddSingleton<ServiceBusEventPublisher>();
        services.AddSingleton<IEventPublisher>(provider => new RefusingPublisher(provider.GetRequiredService<ServiceBusEventPublisher>(), edge));
    }

    /// <summary>TEST DOUBLE AT THE EXTERNAL EDGE: the stand-in provider, every call recorded.</summary>
    private sealed class SpyGateway(MoneyEdge edge) : IPaymentGateway
    {
        private readonly SimulatedPaymentGateway inner = new();

        public Task<PaymentGatewayResponse> AuthorizeAsync(PaymentAuthorizationRequest request, CancellationToken cancellationToken = default)
        {
            edge.GatewayCalls.Enqueue(("authorize", request.IdempotencyKey));
            return inner.AuthorizeAsync(request, cancellationToken);
        }

        public Task CaptureAsync(PaymentCaptureRequest request, CancellationToken cancellationToken = default)
        {
            edge.GatewayCalls.Enqueue(("capture", request.IdempotencyKey));
            return inner.CaptureAsync(request, cancellationToken);
        }

        public Task VoidAsync(PaymentVoidRequest request, CancellationToken cancellationToken = default)
        {
            edge.GatewayCalls.Enqueue(("void", request.IdempotencyKey));
            return inner.VoidAsync(request, cancellationToken);
        }
    }

    /// <summary>The app's real publisher, except that ShipmentCreated of an armed order fails as a broker outage would.</summary>
    private sealed class RefusingPublisher(IEventPublisher inner, MoneyEdge edge) : IEventPublisher
    {
        public Task PublishAsync<TEvent>(TEvent orderEvent, string eventId, CancellationToken cancellationToken = default)
            where TEvent : IOrderEvent =>
            orderEvent is ShipmentCreated && edge.ShipmentAnnouncementOutage.ContainsKey(orderEvent.OrderId)
                ? throw new ServiceBusException("TEST-ONLY: the broker is unreachable.", ServiceBusFailureReason.ServiceCommunicationProblem)
                : inner.PublishAsync(orderEvent, eventId, cancellationToken);
    }
}

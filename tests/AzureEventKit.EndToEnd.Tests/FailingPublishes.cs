using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;
using AzureEventKit.Contracts;
using AzureEventKit.Functions.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace AzureEventKit.EndToEnd.Tests;

/// <summary>
/// TEST-ONLY SEAM: a decorator around the app's real Service Bus publisher, registered after AddOrderWorkflow, that
/// refuses to publish OrderPlaced for armed customer ids with a transient <see cref="ServiceBusException"/>, as a broker
/// outage would; every other publish goes to the emulator unchanged.
/// </summary>
public sealed class FailingPublishes
{
    private readonly ConcurrentDictionary<string, int> refused = new(StringComparer.Ordinal);

    public void RefuseOrdersOf(string customerId) => refused[customerId] = 0;

    public void Restore(string customerId) => refused.TryRemove(customerId, out _);

    public int RefusedFor(string customerId) => refused.GetValueOrDefault(customerId);

    /// <summary>Decorates the publisher registered so far (the app's, or another test decorator), so decorators compose.</summary>
    public static void Register(IServiceCollection services, FailingPublishes failing)
    {
        var previous = services.Last(descriptor => descriptor.ServiceType == typeof(IEventPublisher));
        services.Remove(previous);
        services.AddSingleton<IEventPublisher>(provider => new Decorator(Create(previous, provider), failing));
    }

    private static IEventPublisher Create(ServiceDescriptor descriptor, IServiceProvider provider) =>
        (IEventPublisher)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, descriptor.ImplementationType!));

    private bool Refuses(IOrderEvent orderEvent)
    {
        if (orderEvent is not OrderPlaced placed || !refused.ContainsKey(placed.CustomerId))
        {
            return false;
        }

        refused.AddOrUpdate(placed.CustomerId, 1, static (_, n) => n + 1);
        return true;
    }

    private sealed class Decorator(IEventPublisher inner, FailingPublishes failing) : IEventPublisher, IAsyncDisposable
    {
        public Task PublishAsync<TEvent>(TEvent orderEvent, string eventId, CancellationToken cancellationToken = default)
            where TEvent : IOrderEvent =>
            failing.Refuses(orderEvent)
                ? throw new ServiceBusException($"TEST-ONLY: publishing {eventId} refused by FailingPublishes.", ServiceBusFailureReason.ServiceBusy)
                : inner.PublishAsync(orderEvent, eventId, cancellationToken);

        public ValueTask DisposeAsync() => inner is IAsyncDisposable disposable ? disposable.DisposeAsync() : ValueTask.CompletedTask;
    }
}

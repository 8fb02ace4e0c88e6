using System.Collections;
using System.Reflection;
using Azure.Data.Tables;
using ContractsNamespace;
using FunctionsNamespace.Messaging;
using FunctionsNamespace.SubscriberName;
using FunctionsNamespace.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace FunctionsNamespace.Tests.SubscriberName;

/// <summary>The subscriber-name subscriber's handler against a real Azurite.</summary>
public sealed class SubscriberNameSubscriberTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task HandleAsync_SameEventTwice_AppliesTheEffectOnce()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var handler = new SubscriberNameHandler(azurite.TableService, TimeProvider.System, NullLogger<SubscriberNameHandler>.Instance);
        var orderId = AzuriteFixture.NewOrderId();
        var received = Received(EventTypeName.EventType, orderId);

        await handler.HandleAsync(received, cancellationToken);
        await handler.HandleAsync(received, cancellationToken);

        var table = azurite.TableService.GetTableClient(SubscriberNameHandler.TableName);
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {orderId}"), cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        Assert.Equal(2, rows.Count); // the effect and its ledger claim
        Assert.Contains(rows, row => row.RowKey == received.EventId && (string)row["EventType"] == EventTypeName.EventType);
        Assert.Contains(rows, row => row.RowKey == ProcessedEventLedger.RowKey(SubscriberNameSubscriber.Subscription, received.EventId));
    }

    [Fact]
    public async Task HandleAsync_OtherEventType_IsAPermanentFailure()
    {
        var handler = new SubscriberNameHandler(azurite.TableService, TimeProvider.System, NullLogger<SubscriberNameHandler>.Instance);
        var otherType = EventCatalog.EventTypes.First(type => type != EventTypeName.EventType);

        var failure = await Assert.ThrowsAsync<PermanentMessageException>(
            () => handler.HandleAsync(Received(otherType, AzuriteFixture.NewOrderId()), TestContext.Current.CancellationToken));

        Assert.Equal(DeadLetterReason.ValidationFailed, failure.Reason);
    }

    /// <summary>An event of <paramref name="eventType"/> as the settlement policy hands it over, built from its contract.</summary>
    private static ReceivedOrderEvent Received(string eventType, string orderId)
    {
        Assert.True(EventCatalog.TryGetTypeInfo(eventType, out var typeInfo));
        var data = (IOrderEvent)Sample(typeInfo.Type, orderId);
        Assert.Equal(orderId, data.OrderId);
        return new ReceivedOrderEvent(Guid.NewGuid().ToString("N"), eventType, DateTimeOffset.UtcNow, data);
    }

    /// <summary>A valid-looking instance of any contract record: its widest constructor, fed plain sample values.</summary>
    private static object Sample(Type type, string orderId)
    {
        if (type == typeof(string))
        {
            return orderId;
        }

        if (type == typeof(DateTimeOffset))
        {
            return DateTimeOffset.UtcNow;
        }

        if (type.IsEnum)
        {
            return Enum.GetValues(type).GetValue(0)!;
        }

        if (type.IsPrimitive || type == typeof(decimal))
        {
            return Convert.ChangeType(1, type, System.Globalization.CultureInfo.InvariantCulture);
        }

        if (type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type))
        {
            var element = type.GetGenericArguments()[0];
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
            list.Add(Sample(element, orderId));
            return list;
        }

        var constructor = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance).MaxBy(c => c.GetParameters().Length)!;
        return constructor.Invoke([.. constructor.GetParameters().Select(p => Sample(Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType, orderId))]);
    }
}

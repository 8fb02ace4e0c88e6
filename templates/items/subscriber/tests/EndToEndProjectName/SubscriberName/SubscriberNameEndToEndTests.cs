using System.Collections;
using System.Reflection;
using Azure.Data.Tables;
using ContractsNamespace;
using FunctionsNamespace.Messaging;
using FunctionsNamespace.SubscriberName;
using Microsoft.Extensions.DependencyInjection;

namespace EndToEndNamespace.SubscriberName;

/// <summary>
/// subscriber-name end to end: an EventTypeName published by the app's own publisher crosses the emulator's topic and the
/// subscription's filter (infra/servicebus.topology.json) and is handled once by the function in the in-process host.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class SubscriberNameEndToEndTests(EndToEndFixture stack)
{
    [Fact]
    public async Task Publish_EventTypeName_ReachesTheSubscriptionAndIsHandledOnce()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var orderId = $"e2e-{Guid.NewGuid():N}";
        var orderEvent = (EventTypeName)Sample(typeof(EventTypeName), orderId);
        var eventId = $"{orderId}:{EventTypeName.EventType}";
        var publisher = stack.Host.Services.GetRequiredService<IEventPublisher>();

        await publisher.PublishAsync(orderEvent, eventId, cancellationToken);
        await publisher.PublishAsync(orderEvent, eventId, cancellationToken);

        var table = stack.Tables.GetTableClient(SubscriberNameHandler.TableName);
        await Eventually.TrueAsync(
            async () => (await RowsAsync(table, orderId, cancellationToken)).Any(row => row.RowKey == eventId),
            TimeSpan.FromSeconds(60),
            $"subscriber-name did not handle {EventTypeName.EventType} for {orderId}");
        var rows = await RowsAsync(table, orderId, cancellationToken);
        Assert.Equal(2, rows.Count); // the effect and its ledger claim: the republished copy changed nothing
        Assert.Contains(rows, row => row.RowKey == ProcessedEventLedger.RowKey(SubscriberNameSubscriber.Subscription, eventId));
    }

    private static async Task<List<TableEntity>> RowsAsync(TableClient table, string orderId, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        try
        {
            await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {orderId}"), cancellationToken: cancellationToken))
            {
                rows.Add(row);
            }
        }
        catch (Azure.RequestFailedException exception) when (exception.Status == 404)
        {
            // The handler creates its table on first use.
        }

        return rows;
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

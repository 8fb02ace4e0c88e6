using System.Text;
using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using AzureEventKit.Functions.DeadLetters;
using AzureEventKit.Functions.Messaging;
using AzureEventKit.Functions.Storage;
using AzureEventKit.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AzureEventKit.Functions.Tests.DeadLetters;

/// <summary>Dead-letter records against Azurite: recorder → table → replay API's list, idempotent and chunked.</summary>
public sealed class DeadLetterRecordTests(AzuriteFixture azurite) : IAsyncDisposable
{
    private readonly ServiceProvider services = AppServices.Build(azurite, new RecordingPublisher());

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => services.DisposeAsync();

    [Fact]
    public async Task RecordAsync_DeadLetteredMessage_ListShowsReasonDescriptionAndBody()
    {
        var message = DeadLettered("""{"not":"a cloudevent"}""", out var sequenceNumber);

        await services.GetRequiredService<DeadLetterRecorder>().RecordAsync(OrderTopic.FulfillmentSubscription, message, Cancellation);
        var listed = await services.GetRequiredService<DeadLetterReplayer>().ListAllAsync(Cancellation);

        var view = Assert.Single(listed, view => view.Id == $"{OrderTopic.FulfillmentSubscription}.{sequenceNumber}");
        Assert.Equal(OrderTopic.FulfillmentSubscription, view.Subscription);
        Assert.Equal(message.MessageId, view.MessageId);
        Assert.Equal("order-dl", view.CorrelationId);
        Assert.Equal("orders.placed.v1", view.Subject);
        Assert.Equal(nameof(DeadLetterReason.UndeserializableBody), view.DeadLetterReason);
        Assert.Equal("The body is not a JSON CloudEvent.", view.DeadLetterErrorDescription);
        Assert.Equal(3, view.DeliveryCount);
        Assert.Equal("""{"not":"a cloudevent"}""", view.Body);
        Assert.False(view.Replayed);
    }

    [Fact]
    public async Task RecordAsync_SameDeadLetterTwice_KeepsOneRow()
    {
        var message = DeadLettered("body", out var sequenceNumber);
        var recorder = services.GetRequiredService<DeadLetterRecorder>();

        await recorder.RecordAsync(OrderTopic.FulfillmentSubscription, message, Cancellation);
        await recorder.RecordAsync(OrderTopic.FulfillmentSubscription, message, Cancellation);

        var rows = new List<TableEntity>();
        await foreach (var row in azurite.DeadLetters.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {OrderTopic.FulfillmentSubscription} and RowKey eq {DeadLetterEntity.RowKeyFor(sequenceNumber)}"), cancellationToken: Cancellation))
        {
            rows.Add(row);
        }

        Assert.Single(rows);
    }

    [Fact]
    public async Task RecordAsync_200KilobyteBody_SurvivesChunkingByteForByte()
    {
        var body = string.Concat(Enumerable.Range(0, 200 * 1024 / 16).Select(index => $"{index:D15}|"));
        var message = DeadLettered(body, out var sequenceNumber);

        await services.GetRequiredService<DeadLetterRecorder>().RecordAsync(OrderTopic.FulfillmentSubscription, message, Cancellation);

        var entity = (await azurite.DeadLetters.GetEntityAsync<DeadLetterEntity>(OrderTopic.FulfillmentSubscription, DeadLetterEntity.RowKeyFor(sequenceNumber), cancellationToken: Cancellation)).Value;
        Assert.Equal(200 * 1024, Encoding.UTF8.GetByteCount(body));
        Assert.NotNull(entity.Body3);
        Assert.Equal(Encoding.UTF8.GetBytes(body), entity.GetBody());
        var view = Assert.Single(await services.GetRequiredService<DeadLetterReplayer>().ListAllAsync(Cancellation), view => view.Id == entity.Id);
        Assert.Equal(body, view.Body);
    }

    [Fact]
    public async Task RecordAsync_BodyLargerThanRecord_KeepsTruncatedRecordAndReplayWithoutCorrectionIs409()
    {
        var body = new string('x', (DeadLetterEntity.BodyChunkBytes * DeadLetterEntity.MaxBodyChunks) + 10);
        var message = DeadLettered(body, out var sequenceNumber);
        var id = $"{OrderTopic.FulfillmentSubscription}.{sequenceNumber}";

        await services.GetRequiredService<DeadLetterRecorder>().RecordAsync(OrderTopic.FulfillmentSubscription, message, Cancellation);
        var request = HttpExchange.Request("POST", $"/api/dead-letters/{id}/replay", caller: TestCallers.Operator, roles: [TestCallers.OperatorRole]);
        var response = await HttpExchange.ExecuteAsync(await services.Create<DeadLetterApi>().Replay(request, id, Cancellation), request);

        var view = Assert.Single(await services.GetRequiredService<DeadLetterReplayer>().ListAllAsync(Cancellation), view => view.Id == id);
        Assert.True(view.BodyTruncated);
        Assert.Equal(DeadLetterEntity.BodyChunkBytes * DeadLetterEntity.MaxBodyChunks, view.Body.Length);
        response.AssertProblem(StatusCodes.Status409Conflict);
        Assert.Contains("corrected body", response.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListDeadLetters_RecordedDeadLetter_Answers200JsonListingIt()
    {
        var message = DeadLettered("listed", out var sequenceNumber);
        await services.GetRequiredService<DeadLetterRecorder>().RecordAsync(OrderTopic.FulfillmentSubscription, message, Cancellation);
        var request = HttpExchange.Request("GET", "/api/dead-letters", caller: TestCallers.Operator, roles: [TestCallers.OperatorRole]);

        var response = await HttpExchange.ExecuteAsync(await services.Create<DeadLetterApi>().List(request, Cancellation), request);

        Assert.Equal(StatusCodes.Status200OK, response.Status);
        Assert.StartsWith("application/json", response.ContentType, StringComparison.Ordinal);
        var listed = Assert.Single(response.Json.EnumerateArray(), item => item.GetProperty("id").GetString() == $"{OrderTopic.FulfillmentSubscription}.{sequenceNumber}");
        Assert.Equal(nameof(DeadLetterReason.UndeserializableBody), listed.GetProperty("deadLetterReason").GetString());
    }

    [Fact]
    public async Task ListDeadLetters_MoreRowsThanThePageSize_PagesThroughEveryRowOnceByTheNextLink()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var message = DeadLettered("paged", out var sequenceNumber);
            await services.GetRequiredService<DeadLetterRecorder>().RecordAsync(OrderTopic.FulfillmentSubscription, message, Cancellation);
            ids.Add($"{OrderTopic.FulfillmentSubscription}.{sequenceNumber}");
        }

        var seen = new List<string>();
        var next = "/api/dead-letters?pageSize=2";
        for (var pages = 0; next.Length > 0 && pages < 10_000; pages++)
        {
            var request = HttpExchange.Request("GET", next, caller: TestCallers.Operator, roles: [TestCallers.OperatorRole]);
            var response = await HttpExchange.ExecuteAsync(await services.Create<DeadLetterApi>().List(request, Cancellation), request);

            Assert.Equal(StatusCodes.Status200OK, response.Status);
            var page = response.Json.EnumerateArray().Select(item => item.GetProperty("id").GetString()!).ToList();
            Assert.InRange(page.Count, 0, 2);
            seen.AddRange(page);
            next = NextLink(response.Link);
        }

        Assert.Empty(next);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.All(ids, id => Assert.Contains(id, seen));
    }

    [Theory]
    [InlineData("pageSize=0")]
    [InlineData("pageSize=1001")]
    [InlineData("pageSize=two")]
    public async Task ListDeadLetters_BadPageSize_Answers400NamingIt(string query)
    {
        var request = HttpExchange.Request("GET", "/api/dead-letters?" + query, caller: TestCallers.Operator, roles: [TestCallers.OperatorRole]);

        var response = await HttpExchange.ExecuteAsync(await services.Create<DeadLetterApi>().List(request, Cancellation), request);

        response.AssertProblem(StatusCodes.Status400BadRequest);
        Assert.True(response.Json.GetProperty("errors").TryGetProperty("pageSize", out _));
    }

    /// <summary>The target of a <c>rel="next"</c> link, or empty.</summary>
    private static string NextLink(string link)
    {
        var match = System.Text.RegularExpressions.Regex.Match(link, "<(?<target>[^>]+)>;\\s*rel=\"next\"");
        return match.Success ? match.Groups["target"].Value : string.Empty;
    }

    [Fact]
    public async Task RecordFulfillmentDeadLetter_DeadLetterQueueMessage_RecordsUnderSubscriptionAndCompletes()
    {
        var message = DeadLettered("body", out var sequenceNumber);
        var actions = new RecordingMessageActions();

        await services.Create<RecordDeadLetters>().Fulfillment(message, actions, Cancellation);

        Assert.Equal(SettlementKind.Complete, actions.Only.Kind);
        var row = await azurite.DeadLetters.GetEntityIfExistsAsync<DeadLetterEntity>(OrderTopic.FulfillmentSubscription, DeadLetterEntity.RowKeyFor(sequenceNumber), cancellationToken: Cancellation);
        Assert.True(row.HasValue);
    }

    [Theory]
    [InlineData("projections.999999999999")]
    [InlineData("no-such-subscription.1")]
    [InlineData("garbage")]
    public async Task ReplayDeadLetter_UnknownId_Answers404Problem(string id)
    {
        var request = HttpExchange.Request("POST", $"/api/dead-letters/{id}/replay", caller: TestCallers.Operator, roles: [TestCallers.OperatorRole]);

        var response = await HttpExchange.ExecuteAsync(await services.Create<DeadLetterApi>().Replay(request, id, Cancellation), request);

        response.AssertProblem(StatusCodes.Status404NotFound);
    }

    [Fact]
    public async Task RecordAndCompleteAsync_Recorded_CompletesTheDeadLetterOnce()
    {
        var message = DeadLettered("settled", out var sequenceNumber);
        var actions = new RecordingMessageActions();

        await services.GetRequiredService<DeadLetterRecorder>().RecordAndCompleteAsync(OrderTopic.FulfillmentSubscription, message, actions, Cancellation);

        Assert.Equal(new Settlement(SettlementKind.Complete, message.MessageId, null, null), actions.Only);
        Assert.Single(await services.GetRequiredService<DeadLetterReplayer>().ListAllAsync(Cancellation), view => view.Id == $"{OrderTopic.FulfillmentSubscription}.{sequenceNumber}");
    }

    [Fact]
    public async Task RecordAndCompleteAsync_TableUnreachable_AbandonsAndRethrowsSoNothingIsLost()
    {
        // Nothing listens on port 1: the record fails at once, without retries.
        var unreachable = new TableServiceClient(
            new Uri("http://127.0.0.1:1/devstoreaccount1"),
            new TableSharedKeyCredential("devstoreaccount1", Convert.ToBase64String(new byte[64])),
            new TableClientOptions { Retry = { MaxRetries = 0 } });
        var recorder = new DeadLetterRecorder(unreachable, TimeProvider.System, services.GetRequiredService<TransientBackoff>(), Microsoft.Extensions.Logging.Abstractions.NullLogger<DeadLetterRecorder>.Instance);
        var message = DeadLettered("kept", out _);
        var actions = new RecordingMessageActions();

        await Assert.ThrowsAnyAsync<Exception>(() => recorder.RecordAndCompleteAsync(OrderTopic.FulfillmentSubscription, message, actions, Cancellation));

        Assert.Equal(SettlementKind.Abandon, actions.Only.Kind);
    }

    private static ServiceBusReceivedMessage DeadLettered(string body, out long sequenceNumber)
    {
        sequenceNumber = ReceivedMessages.NextSequenceNumber();
        return ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: BinaryData.FromString(body),
            messageId: Guid.NewGuid().ToString("N"),
            correlationId: "order-dl",
            subject: "orders.placed.v1",
            contentType: CloudEventMessageMapper.CloudEventsJsonContentType,
            properties: new Dictionary<string, object>
            {
                ["DeadLetterReason"] = nameof(DeadLetterReason.UndeserializableBody),
                ["DeadLetterErrorDescription"] = "The body is not a JSON CloudEvent.",
                ["traceparent"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            },
            deliveryCount: 3,
            sequenceNumber: sequenceNumber,
            enqueuedTime: DateTimeOffset.UtcNow);
    }
}

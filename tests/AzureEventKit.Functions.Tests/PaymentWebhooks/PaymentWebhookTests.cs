using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AzureEventKit.Contracts;
using AzureEventKit.Functions.Fulfillment;
using AzureEventKit.Functions.Payments;
using AzureEventKit.Functions.PaymentWebhooks;
using AzureEventKit.Functions.Tests.Fulfillment;
using AzureEventKit.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AzureEventKit.Functions.Tests.PaymentWebhooks;

/// <summary>
/// <c>POST /api/payments/webhook</c> against Azurite, the real payment records, and a real in-process Durable backend
/// whose orchestration is the labelled stand-in of <see cref="StubFulfillmentHost"/>. The test plays the payment
/// provider: it signs bodies by hand (HMAC-SHA256 over "{timestamp}.{body}"), so the wire scheme is pinned here.
/// Time is a fake clock.
/// </summary>
public sealed class PaymentWebhookTests(AzuriteFixture azurite, StubFulfillmentHost durable) : IClassFixture<StubFulfillmentHost>, IAsyncLifetime
{
    private const string Secret = "test-only-webhook-secret-0123456789abcdef";

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero));
    private ServiceProvider? services;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private ServiceProvider Services => services ??= Build(Secret);

    public async ValueTask InitializeAsync()
    {
        await FulfillmentTables.EnsureCreatedAsync(azurite.TableService);
        await azurite.TableService.CreateTableIfNotExistsAsync(ProcessedWebhookEvents.Table, Cancellation);
    }

    public async ValueTask DisposeAsync()
    {
        if (services is not null)
        {
            await services.DisposeAsync();
        }
    }

    [Fact]
    public async Task Run_SignedApproval_Answers200AndRaisesPaymentConfirmedWithThePayment()
    {
        var (orderId, paymentId) = await AwaitingPaymentAsync();

        var response = await SendAsync(Event(orderId, paymentId));

        Assert.Equal(StatusCodes.Status200OK, response.Status);
        var completed = await CompletionAsync(orderId);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, completed.RuntimeStatus);
        Assert.Equal(paymentId, completed.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Run_BadSignature_Answers401AndRaisesNothing()
    {
        var (orderId, paymentId) = await AwaitingPaymentAsync();
        var body = Event(orderId, paymentId);

        var response = await SendAsync(body, signature: Sign("some-other-secret-0123456789abcdefgh", Now, body));

        response.AssertProblem(StatusCodes.Status401Unauthorized);
        await AssertStillAwaitingAsync(orderId);
    }

    [Fact]
    public async Task Run_BodyChangedAfterSigning_Answers401()
    {
        var (orderId, paymentId) = await AwaitingPaymentAsync();
        var signed = Event(orderId, paymentId);

        var response = await SendAsync(signed.Replace("payment.approved", "payment.declined", StringComparison.Ordinal), signature: Sign(Secret, Now, signed));

        response.AssertProblem(StatusCodes.Status401Unauthorized);
        await AssertStillAwaitingAsync(orderId);
    }

    [Fact]
    public async Task Run_SignedMoreThanFiveMinutesAgo_Answers401AndRaisesNothing()
    {
        var (orderId, paymentId) = await AwaitingPaymentAsync();
        var body = Event(orderId, paymentId);
        var signedAt = Now;
        var signature = Sign(Secret, signedAt, body);

        clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        var response = await SendAsync(body, signedAt, signature);

        response.AssertProblem(StatusCodes.Status401Unauthorized);
        await AssertStillAwaitingAsync(orderId);
    }

    [Fact]
    public async Task Run_SignedFourMinutesAgo_Answers200()
    {
        var (orderId, paymentId) = await AwaitingPaymentAsync();
        var body = Event(orderId, paymentId);
        var signedAt = Now;
        var signature = Sign(Secret, signedAt, body);

        clock.Advance(TimeSpan.FromMinutes(4));
        var response = await SendAsync(body, signedAt, signature);

        Assert.Equal(StatusCodes.Status200OK, response.Status);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task Run_MissingSignatureHeaders_Answers401(bool withTimestamp, bool withSignature)
    {
        var (orderId, paymentId) = await AwaitingPaymentAsync();
        var body = Event(orderId, paymentId);
        var headers = new Dictionary<string, string>();
        if (withTimestamp)
        {
            headers[WebhookSignature.TimestampHeader] = Now.ToString(CultureInfo.InvariantCulture);
        }

        if (withSignature)
        {
            headers[WebhookSignature.SignatureHeader] = Sign(Secret, Now, body);
        }

        var response = await PostAsync(Services, body, headers);

        response.AssertProblem(StatusCodes.Status401Unauthorized);
    }

    [Fact]
    public async Task Run_ReplayedEventId_Answers200AndChangesNothing()
    {
        var (orderId, paymentId) = await AwaitingPaymentAsync();
        var body = Event(orderId, paymentId, eventId: "evt-replayed-" + orderId);
        Assert.Equal(StatusCodes.Status200OK, (await SendAsync(body)).Status);
        await CompletionAsync(orderId);

        var replay = await SendAsync(body);
        var fresh = await SendAsync(Event(orderId, paymentId));

        Assert.Equal(StatusCodes.Status200OK, replay.Status);
        fresh.AssertProblem(StatusCodes.Status409Conflict); // a new event for the finished saga is not swallowed
        var rows = 0;
        await foreach (var _ in azurite.TableService.GetTableClient(ProcessedWebhookEvents.Table).QueryAsync<Azure.Data.Tables.TableEntity>(row => row.PartitionKey == "evt-replayed-" + orderId, cancellationToken: Cancellation))
        {
            rows++;
        }

        Assert.Equal(1, rows);
    }

    [Fact]
    public async Task Run_PaymentIdNotTheRecordedAuthorization_Answers422AndRaisesNothing()
    {
        var (orderId, _) = await AwaitingPaymentAsync();

        var response = await SendAsync(Event(orderId, "pay-forged"));

        response.AssertProblem(StatusCodes.Status422UnprocessableEntity);
        Assert.Contains("paymentId", response.Errors.Keys);
        await AssertStillAwaitingAsync(orderId);
    }

    [Fact]
    public async Task Run_OrderWithoutAuthorization_Answers404()
    {
        var response = await SendAsync(Event(TestCatalogue.NewOrderId(), "pay-1"));

        response.AssertProblem(StatusCodes.Status404NotFound);
    }

    [Theory]
    [InlineData("""{"id":"evt-1","type":"payment.refunded","orderId":"ord-1","paymentId":"pay-1"}""", "type")]
    [InlineData("""{"id":"evt/1","type":"payment.approved","orderId":"ord-1","paymentId":"pay-1"}""", "id")]
    [InlineData("""{"type":"payment.approved","orderId":"ord-1","paymentId":"pay-1"}""", "id")]
    [InlineData("""{"id":"evt-1","type":"payment.approved","paymentId":"pay-1"}""", "orderId")]
    [InlineData("""[1,2]""", "body")]
    public async Task Run_SignedButInvalidBody_Answers400NamingTheField(string body, string field)
    {
        var response = await SendAsync(body);

        response.AssertProblem(StatusCodes.Status400BadRequest);
        Assert.Contains(field, response.Errors.Keys);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("short")]
    [InlineData("@Microsoft.KeyVault(SecretUri=https://kv-x.vault.azure.net/secrets/payment-webhook-signing-secret)")]
    public async Task Run_SecretMissingOrUnresolved_Answers503AndAcceptsNothing(string? secret)
    {
        await using var unconfigured = Build(secret);
        var body = Event(TestCatalogue.NewOrderId(), "pay-1");

        var response = await PostAsync(unconfigured, body, Signed(secret ?? string.Empty, Now, body));

        response.AssertProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private long Now => clock.GetUtcNow().ToUnixTimeSeconds();

    private ServiceProvider Build(string? secret) => AppServices.Build(
        azurite,
        new RecordingPublisher(),
        settings: new Dictionary<string, string?> { ["PaymentWebhook:SigningSecret"] = secret },
        configure: collection => collection.AddSingleton<TimeProvider>(clock));

    private static string Event(string orderId, string paymentId, string? eventId = null, string type = PaymentWebhookEvent.ApprovedType) =>
        $$"""{"id":"{{eventId ?? "evt-" + Guid.NewGuid().ToString("N")}}","type":"{{type}}","orderId":"{{orderId}}","paymentId":"{{paymentId}}"}""";

    /// <summary>What the provider sends: v1= and the hex HMAC-SHA256 of "{timestamp}.{body}", written out independently of the app's code.</summary>
    private static string Sign(string secret, long timestamp, string body) =>
        "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));

    private static Dictionary<string, string> Signed(string secret, long timestamp, string body) => new()
    {
        [WebhookSignature.TimestampHeader] = timestamp.ToString(CultureInfo.InvariantCulture),
        [WebhookSignature.SignatureHeader] = Sign(secret, timestamp, body),
    };

    private Task<HttpResult> SendAsync(string body, long? timestamp = null, string? signature = null)
    {
        var headers = Signed(Secret, timestamp ?? Now, body);
        if (signature is not null)
        {
            headers[WebhookSignature.SignatureHeader] = signature;
        }

        return PostAsync(Services, body, headers);
    }

    private async Task<HttpResult> PostAsync(IServiceProvider provider, string body, Dictionary<string, string> headers)
    {
        // The provider is not a signed-in caller.
        var request = HttpExchange.Request("POST", "/api/payments/webhook", body, headers, caller: null);
        return await HttpExchange.ExecuteAsync(await provider.Create<PaymentWebhook>().Run(request, durable.Client, Cancellation), request);
    }

    /// <summary>An order whose payment the simulated gateway authorized and whose (stand-in) saga awaits the verdict.</summary>
    private async Task<(string OrderId, string PaymentId)> AwaitingPaymentAsync()
    {
        var order = TestCatalogue.Order(TestCatalogue.NewSku(), 1);
        var authorization = await Services.GetRequiredService<PaymentAuthorizations>().AuthorizeAsync(order, Cancellation);
        Assert.True(authorization.IsAuthorized);
        await durable.Client.ScheduleNewOrchestrationInstanceAsync(FulfillmentProtocol.OrchestrationName, order, new StartOrchestrationOptions(order.OrderId), Cancellation);
        await durable.WaitUntilAwaitingPaymentAsync(order.OrderId, Cancellation);
        return (order.OrderId, authorization.PaymentId!);
    }

    private async Task<OrchestrationMetadata> CompletionAsync(string orderId)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        return await durable.Client.WaitForInstanceCompletionAsync(orderId, getInputsAndOutputs: true, timeout.Token);
    }

    private async Task AssertStillAwaitingAsync(string orderId)
    {
        var instance = await durable.Client.GetInstanceAsync(orderId, getInputsAndOutputs: true, Cancellation);
        Assert.Equal(OrchestrationRuntimeStatus.Running, instance!.RuntimeStatus);
        Assert.Equal(FulfillmentProtocol.AwaitingPaymentStatus, instance.ReadCustomStatusAs<string>());
    }
}

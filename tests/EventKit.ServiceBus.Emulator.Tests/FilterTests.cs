using Azure.Messaging.ServiceBus;

namespace EventKit.ServiceBus.Emulator.Tests;

public sealed class FilterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SqlFilter_WithAction_MatchesAndSetsAndRemovesProperties()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("orders");
        await using var receiver = harness.Client.CreateReceiver("orders", "big-eu");

        await sender.SendMessageAsync(Order("match", 150, "eu"), Ct);
        await sender.SendMessageAsync(Order("too small", 50, "eu"), Ct);
        await sender.SendMessageAsync(Order("wrong region", 150, "us"), Ct);
        var blocked = Order("blocked", 150, "uk");
        blocked.ApplicationProperties["blocked"] = true;
        await sender.SendMessageAsync(blocked, Ct);
        var wrongSubject = Order("wrong subject", 150, "uk");
        wrongSubject.Subject = "invoices.created";
        await sender.SendMessageAsync(wrongSubject, Ct);

        var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal("match", message!.Body.ToString());
        Assert.Equal("gold", message.ApplicationProperties["tier"]);
        Assert.False(message.ApplicationProperties.ContainsKey("internal"));
        Assert.Equal(1, harness.Emulator.GetCounts("orders/Subscriptions/big-eu").Active);
        Assert.Equal(5, harness.Emulator.GetCounts("orders/Subscriptions/all").Active);
    }

    [Fact]
    public async Task CorrelationFilter_SystemAndUserProperties_MatchesOnlyWhenAllEqual()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("orders");

        await sender.SendMessageAsync(new ServiceBusMessage("yes") { CorrelationId = "order-7", ContentType = "application/json", ApplicationProperties = { ["priority"] = 1 } }, Ct);
        await sender.SendMessageAsync(new ServiceBusMessage("wrong priority") { CorrelationId = "order-7", ContentType = "application/json", ApplicationProperties = { ["priority"] = 2 } }, Ct);
        await sender.SendMessageAsync(new ServiceBusMessage("no priority") { CorrelationId = "order-7", ContentType = "application/json" }, Ct);
        await sender.SendMessageAsync(new ServiceBusMessage("wrong type") { CorrelationId = "order-7", ContentType = "text/plain", ApplicationProperties = { ["priority"] = 1 } }, Ct);

        await using var receiver = harness.Client.CreateReceiver("orders", "by-property");
        var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal("yes", message!.Body.ToString());
        Assert.Equal(1, harness.Emulator.GetCounts("orders/Subscriptions/by-property").Active);
    }

    [Fact]
    public async Task SqlFilter_IsNullOnSystemAndUserProperties_Matches()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var sender = harness.Client.CreateSender("orders");

        await sender.SendMessageAsync(new ServiceBusMessage("has to") { To = "someone" }, Ct);
        await sender.SendMessageAsync(new ServiceBusMessage("no to"), Ct);
        await sender.SendMessageAsync(new ServiceBusMessage("has customer") { To = "someone", ApplicationProperties = { ["customer"] = "c1" } }, Ct);

        Assert.Equal(1, harness.Emulator.GetCounts("orders/Subscriptions/null-check").Active);
    }

    private static ServiceBusMessage Order(string body, int amount, string region) => new(body)
    {
        Subject = "orders.placed.v1",
        ApplicationProperties = { ["amount"] = amount, ["region"] = region, ["internal"] = "secret" },
    };
}

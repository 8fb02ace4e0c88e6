using Azure.Messaging.ServiceBus;
using Azure.Messaging.ServiceBus.Administration;

namespace EventKit.ServiceBus.Emulator.Tests;

public sealed class RuleManagerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RuleManager_ReplaceDefaultRuleAtRunTime_FiltersFromThenOn()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var rules = harness.Client.CreateRuleManager("orders", "all");
        await using var sender = harness.Client.CreateSender("orders");

        await rules.DeleteRuleAsync(RuleProperties.DefaultRuleName, Ct);
        await rules.CreateRuleAsync(new CreateRuleOptions("eu-only", new SqlRuleFilter("region = 'eu'")) { Action = new SqlRuleAction("SET routed = TRUE") }, Ct);
        await rules.CreateRuleAsync("vip", new CorrelationRuleFilter { Subject = "vip", ApplicationProperties = { ["tier"] = "gold" } }, Ct);
        await sender.SendMessageAsync(new ServiceBusMessage("eu") { ApplicationProperties = { ["region"] = "eu" } }, Ct);
        await sender.SendMessageAsync(new ServiceBusMessage("us") { ApplicationProperties = { ["region"] = "us" } }, Ct);
        await sender.SendMessageAsync(new ServiceBusMessage("vip") { Subject = "vip", ApplicationProperties = { ["tier"] = "gold" } }, Ct);

        var listed = new List<RuleProperties>();
        await foreach (var rule in rules.GetRulesAsync(Ct))
        {
            listed.Add(rule);
        }

        Assert.Equal(["eu-only", "vip"], listed.Select(r => r.Name));
        Assert.Equal("region = 'eu'", Assert.IsType<SqlRuleFilter>(listed[0].Filter).SqlExpression);
        Assert.Equal("SET routed = TRUE", Assert.IsType<SqlRuleAction>(listed[0].Action).SqlExpression);
        Assert.Equal("gold", Assert.IsType<CorrelationRuleFilter>(listed[1].Filter).ApplicationProperties["tier"]);
        await using var receiver = harness.Client.CreateReceiver("orders", "all");
        var received = await CoreMessagingTests.ReceiveAtLeastAsync(receiver, 2);
        Assert.Equal(["eu", "vip"], received.Select(m => m.Body.ToString()));
        Assert.Equal(true, received[0].ApplicationProperties["routed"]);
    }

    [Fact]
    public async Task RuleManager_DuplicateAndMissingRules_ThrowAzureReasons()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var rules = harness.Client.CreateRuleManager("orders", "all");

        var duplicate = await Assert.ThrowsAsync<ServiceBusException>(() => rules.CreateRuleAsync(RuleProperties.DefaultRuleName, new TrueRuleFilter(), Ct));
        var missing = await Assert.ThrowsAsync<ServiceBusException>(() => rules.DeleteRuleAsync("no-such-rule", Ct));

        Assert.Equal(ServiceBusFailureReason.MessagingEntityAlreadyExists, duplicate.Reason);
        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, missing.Reason);
    }

    [Fact]
    public async Task RuleManager_TooDeepSqlFilter_IsRefusedAndTheSubscriptionKeepsWorking()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        await using var rules = harness.Client.CreateRuleManager("orders", "all");
        // The SDK refuses expressions over 1,024 characters itself; 300 parentheses fit in that and exceed the depth limit.
        var deep = new string('(', 300) + "region = 'eu'" + new string(')', 300);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => rules.CreateRuleAsync("deep", new SqlRuleFilter(deep), Ct));
        await rules.CreateRuleAsync("shallow", new SqlRuleFilter("((region = 'eu'))"), Ct);

        Assert.Contains("nests deeper than", error.Message, StringComparison.Ordinal);
        var names = new List<string>();
        await foreach (var rule in rules.GetRulesAsync(Ct))
        {
            names.Add(rule.Name);
        }

        Assert.Equal([RuleProperties.DefaultRuleName, "shallow"], names);
    }
}

using System.Net;
using System.Text;
using Azure.Messaging.ServiceBus;
using Azure.Messaging.ServiceBus.Administration;

namespace EventKit.ServiceBus.Emulator.Tests;

/// <summary>Runtime management through the real <see cref="ServiceBusAdministrationClient"/>: create, get, update, list and delete, and Azure's errors.</summary>
public sealed class AdministrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ServiceBusAdministrationClient Admin(EmulatorHarness harness) => new(harness.Emulator.AdministrationConnectionString!);

    [Fact]
    public async Task CreateQueueAsync_NewQueue_ReturnsPropertiesThatGetQueueAsyncReadsBack()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var admin = Admin(harness);

        var created = (await admin.CreateQueueAsync(new CreateQueueOptions("invoices")
        {
            LockDuration = TimeSpan.FromSeconds(30),
            MaxDeliveryCount = 4,
            DefaultMessageTimeToLive = TimeSpan.FromHours(2),
            DeadLetteringOnMessageExpiration = true,
            RequiresDuplicateDetection = true,
            DuplicateDetectionHistoryTimeWindow = TimeSpan.FromMinutes(3),
            ForwardDeadLetteredMessagesTo = "dlq-target",
            UserMetadata = "billing team",
        }, Ct)).Value;
        var read = (await admin.GetQueueAsync("invoices", Ct)).Value;

        foreach (var queue in new[] { created, read })
        {
            Assert.Equal("invoices", queue.Name);
            Assert.Equal(TimeSpan.FromSeconds(30), queue.LockDuration);
            Assert.Equal(4, queue.MaxDeliveryCount);
            Assert.Equal(TimeSpan.FromHours(2), queue.DefaultMessageTimeToLive);
            Assert.True(queue.DeadLetteringOnMessageExpiration);
            Assert.True(queue.RequiresDuplicateDetection);
            Assert.Equal(TimeSpan.FromMinutes(3), queue.DuplicateDetectionHistoryTimeWindow);
            Assert.EndsWith("/dlq-target", queue.ForwardDeadLetteredMessagesTo, StringComparison.Ordinal);
            Assert.Null(queue.ForwardTo);
            Assert.False(queue.RequiresSession);
            Assert.Equal("billing team", queue.UserMetadata);
            Assert.Equal(EntityStatus.Active, queue.Status);
        }

        Assert.True((await admin.QueueExistsAsync("invoices", Ct)).Value);
        Assert.Contains(harness.Emulator.GetAllCounts(), c => c.Path == "invoices");
    }

    [Fact]
    public async Task CreateQueueAsync_NameTaken_ThrowsMessagingEntityAlreadyExists()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var admin = Admin(harness);

        var queueClash = await Assert.ThrowsAsync<ServiceBusException>(() => admin.CreateQueueAsync("work", Ct));
        var topicClash = await Assert.ThrowsAsync<ServiceBusException>(() => admin.CreateTopicAsync("work", Ct));

        Assert.Equal(ServiceBusFailureReason.MessagingEntityAlreadyExists, queueClash.Reason);
        Assert.Equal(ServiceBusFailureReason.MessagingEntityAlreadyExists, topicClash.Reason);
    }

    [Fact]
    public async Task GetUpdateDelete_MissingEntities_ThrowMessagingEntityNotFound()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var admin = Admin(harness);
        var work = (await admin.GetQueueAsync("work", Ct)).Value;
        await admin.DeleteQueueAsync("work", Ct);

        Task[] calls =
        [
            admin.GetQueueAsync("nope", Ct),
            admin.GetTopicAsync("nope", Ct),
            admin.GetSubscriptionAsync("orders", "nope", Ct),
            admin.GetSubscriptionAsync("nope", "all", Ct),
            admin.GetRuleAsync("orders", "all", "nope", Ct),
            admin.UpdateQueueAsync(work, Ct),
            admin.DeleteQueueAsync("work", Ct),
            admin.DeleteTopicAsync("nope", Ct),
            admin.DeleteSubscriptionAsync("orders", "nope", Ct),
            admin.DeleteRuleAsync("orders", "all", "nope", Ct),
        ];

        foreach (var call in calls)
        {
            var error = await Assert.ThrowsAsync<ServiceBusException>(() => call);
            Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, error.Reason);
        }

        Assert.False((await admin.QueueExistsAsync("work", Ct)).Value);
        Assert.False((await admin.SubscriptionExistsAsync("orders", "nope", Ct)).Value);
    }

    [Theory]
    [InlineData("LockDuration")]
    [InlineData("ForwardTo")]
    [InlineData("ForwardDeadLetteredMessagesTo")]
    public async Task CreateQueueAsync_InvalidProperty_ThrowsArgumentExceptionNamingTheProperty(string property)
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var options = new CreateQueueOptions("bad");
        switch (property)
        {
            case "LockDuration": options.LockDuration = TimeSpan.FromMinutes(10); break;
            case "ForwardTo": options.ForwardTo = "no-such-queue"; break;
            default: options.ForwardDeadLetteredMessagesTo = "no-such-queue"; break;
        }

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Admin(harness).CreateQueueAsync(options, Ct));

        Assert.Contains($"'{property}'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Emulator.GetAllCounts(), c => c.Path == "bad");
    }

    [Fact]
    public async Task UpdateQueueAsync_ChangedProperties_AreReadBack()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var admin = Admin(harness);
        var queue = (await admin.CreateQueueAsync("updatable", Ct)).Value;
        queue.LockDuration = TimeSpan.FromSeconds(45);
        queue.MaxDeliveryCount = 2;
        queue.ForwardTo = "forward-target";
        queue.UserMetadata = "v2";

        var updated = (await admin.UpdateQueueAsync(queue, Ct)).Value;
        var read = (await admin.GetQueueAsync("updatable", Ct)).Value;

        Assert.Equal(TimeSpan.FromSeconds(45), read.LockDuration);
        Assert.Equal(2, read.MaxDeliveryCount);
        Assert.EndsWith("/forward-target", read.ForwardTo, StringComparison.Ordinal);
        Assert.Equal("v2", read.UserMetadata);
        Assert.Equal(2, updated.MaxDeliveryCount);
    }

    [Fact]
    public async Task GetQueuesAsync_MoreThanOnePage_ListsEveryQueueOnce()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var admin = Admin(harness);
        for (var i = 0; i < 101; i++)
        {
            await admin.CreateQueueAsync($"page-{i:D3}", Ct);
        }

        var names = new List<string>();
        var reportedWindow = TimeSpan.Zero;
        await foreach (var queue in admin.GetQueuesAsync(Ct))
        {
            names.Add(queue.Name);
            reportedWindow = queue.Name == "dedup" ? queue.DuplicateDetectionHistoryTimeWindow : reportedWindow;
        }

        var runtime = new List<QueueRuntimeProperties>();
        await foreach (var queue in admin.GetQueuesRuntimePropertiesAsync(Ct))
        {
            runtime.Add(queue);
        }

        var expected = TestTopology.Create().Queues.Count + 101;
        Assert.Equal(expected, names.Count);
        Assert.Equal(expected, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Contains("work", names);
        Assert.Contains("page-100", names);
        Assert.Equal(expected, runtime.Count);
        Assert.Equal(TimeSpan.FromSeconds(20), reportedWindow); // the topology's 2 seconds, raised to what the SDK can read
    }

    [Fact]
    public async Task TopicsSubscriptionsAndRules_CreateGetListUpdateDelete_RoundTrip()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var admin = Admin(harness);

        await admin.CreateTopicAsync(new CreateTopicOptions("invoices") { DefaultMessageTimeToLive = TimeSpan.FromDays(1) }, Ct);
        var subscription = (await admin.CreateSubscriptionAsync(
            new CreateSubscriptionOptions("invoices", "large") { MaxDeliveryCount = 3, LockDuration = TimeSpan.FromSeconds(20) },
            new CreateRuleOptions("large-only", new SqlRuleFilter("amount > 100")) { Action = new SqlRuleAction("SET tier = 'gold'") },
            Ct)).Value;
        await admin.CreateRuleAsync("invoices", "large", new CreateRuleOptions("eu", new CorrelationRuleFilter { Subject = "eu", ApplicationProperties = { ["region"] = "eu", ["priority"] = 1 } }), Ct);
        var rule = (await admin.GetRuleAsync("invoices", "large", "eu", Ct)).Value;
        rule.Filter = new SqlRuleFilter("region = 'uk'");
        var updatedRule = (await admin.UpdateRuleAsync("invoices", "large", rule, Ct)).Value;
        subscription.MaxDeliveryCount = 7;
        var updatedSubscription = (await admin.UpdateSubscriptionAsync(subscription, Ct)).Value;
        var topic = (await admin.GetTopicAsync("invoices", Ct)).Value;
        var topicRuntime = (await admin.GetTopicRuntimePropertiesAsync("invoices", Ct)).Value;
        var rules = new List<RuleProperties>();
        await foreach (var each in admin.GetRulesAsync("invoices", "large", Ct))
        {
            rules.Add(each);
        }

        var subscriptions = new List<SubscriptionProperties>();
        await foreach (var each in admin.GetSubscriptionsAsync("orders", Ct))
        {
            subscriptions.Add(each);
        }

        Assert.Equal(TimeSpan.FromDays(1), topic.DefaultMessageTimeToLive);
        Assert.Equal(1, topicRuntime.SubscriptionCount);
        Assert.Equal(7, updatedSubscription.MaxDeliveryCount);
        Assert.Equal(TimeSpan.FromSeconds(20), updatedSubscription.LockDuration);
        Assert.Equal(new[] { "large-only", "eu" }, rules.Select(r => r.Name));
        var first = Assert.IsType<SqlRuleFilter>(rules[0].Filter);
        Assert.Equal("amount > 100", first.SqlExpression);
        Assert.Equal("SET tier = 'gold'", Assert.IsType<SqlRuleAction>(rules[0].Action).SqlExpression);
        Assert.Equal("region = 'uk'", Assert.IsType<SqlRuleFilter>(updatedRule.Filter).SqlExpression);
        Assert.Equal(TestTopology.Create().Topics.Single(t => t.Name == "orders").Subscriptions.Count, subscriptions.Count);
        var placedRule = Assert.Single((await ListRulesAsync(admin, "orders", "placed")));
        Assert.Equal("orders.placed.v1", Assert.IsType<CorrelationRuleFilter>(placedRule.Filter).Subject);
        var defaultRule = Assert.Single(await ListRulesAsync(admin, "orders", "all"));
        Assert.Equal("$Default", defaultRule.Name);
        Assert.IsType<TrueRuleFilter>(defaultRule.Filter);

        await admin.DeleteRuleAsync("invoices", "large", "eu", Ct);
        await admin.DeleteSubscriptionAsync("invoices", "large", Ct);
        Assert.False((await admin.SubscriptionExistsAsync("invoices", "large", Ct)).Value);
        await admin.DeleteTopicAsync("invoices", Ct);
        Assert.False((await admin.TopicExistsAsync("invoices", Ct)).Value);
    }

    [Fact]
    public async Task CreateRuleAsync_ExistingNameBadOrTooDeepSql_ThrowsAlreadyExistsOrArgumentException()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var admin = Admin(harness);

        var duplicate = await Assert.ThrowsAsync<ServiceBusException>(() => admin.CreateRuleAsync("orders", "placed", new CreateRuleOptions("placed-only"), Ct));
        var badSql = await Assert.ThrowsAsync<ArgumentException>(() => admin.CreateRuleAsync("orders", "placed", new CreateRuleOptions("broken", new SqlRuleFilter("amount >>> 1")), Ct));
        var duplicateSubscription = await Assert.ThrowsAsync<ServiceBusException>(() => admin.CreateSubscriptionAsync("orders", "all", Ct));
        var tooDeep = await Assert.ThrowsAsync<ArgumentException>(() => admin.CreateRuleAsync("orders", "placed", new CreateRuleOptions("deep", new SqlRuleFilter(new string('(', 500) + "1=1" + new string(')', 500))), Ct));

        Assert.Equal(ServiceBusFailureReason.MessagingEntityAlreadyExists, duplicate.Reason);
        Assert.Contains("SqlExpression", badSql.Message, StringComparison.Ordinal);
        Assert.Equal(ServiceBusFailureReason.MessagingEntityAlreadyExists, duplicateSubscription.Reason);
        Assert.Contains("nests deeper than", tooDeep.Message, StringComparison.Ordinal);
        Assert.Single(await ListRulesAsync(admin, "orders", "placed"));
    }

    [Fact]
    public async Task GetNamespacePropertiesAsync_ReportsTheTopologyNamespace()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        var properties = (await Admin(harness).GetNamespacePropertiesAsync(Ct)).Value;

        Assert.Equal("sbemulatorns", properties.Name);
        Assert.Equal(MessagingSku.Standard, properties.MessagingSku);
        Assert.True(properties.CreatedTime <= DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task RuntimeProperties_RuntimeCreatedQueueAfterSends_CountActiveScheduledAndDeadLettered()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var admin = Admin(harness);
        await admin.CreateQueueAsync("counted", Ct);
        await using var sender = harness.Client.CreateSender("counted");
        await using var receiver = harness.Client.CreateReceiver("counted");
        await sender.SendMessagesAsync([new ServiceBusMessage("1"), new ServiceBusMessage("2"), new ServiceBusMessage("3")], Ct);
        await sender.ScheduleMessageAsync(new ServiceBusMessage("later"), DateTimeOffset.UtcNow.AddHours(1), Ct);
        var first = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Ct);
        await receiver.DeadLetterMessageAsync(first!, "Test", cancellationToken: Ct);

        var runtime = (await admin.GetQueueRuntimePropertiesAsync("counted", Ct)).Value;

        Assert.Equal(2, runtime.ActiveMessageCount);
        Assert.Equal(1, runtime.ScheduledMessageCount);
        Assert.Equal(1, runtime.DeadLetterMessageCount);
        Assert.Equal(4, runtime.TotalMessageCount);
    }

    [Fact]
    public async Task RawHttp_MalformedBodyInvalidNameOrSessionSwitch_Answers400WithTheReason()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        using var http = new HttpClient { BaseAddress = harness.Emulator.InspectionEndpoint };

        using var malformed = await http.PutAsync(new Uri("broken?api-version=2021-05", UriKind.Relative), new StringContent("<entry", Encoding.UTF8, "application/atom+xml"), Ct);
        using var badName = await http.PutAsync(
            new Uri("bad%24name?api-version=2021-05", UriKind.Relative),
            new StringContent("<entry xmlns=\"http://www.w3.org/2005/Atom\"><content type=\"application/xml\"><QueueDescription xmlns=\"http://schemas.microsoft.com/netservices/2010/10/servicebus/connect\" /></content></entry>", Encoding.UTF8, "application/atom+xml"),
            Ct);
        using var sessionSwitch = new HttpRequestMessage(HttpMethod.Put, new Uri("work?api-version=2021-05", UriKind.Relative))
        {
            Content = new StringContent("<entry xmlns=\"http://www.w3.org/2005/Atom\"><content type=\"application/xml\"><QueueDescription xmlns=\"http://schemas.microsoft.com/netservices/2010/10/servicebus/connect\"><RequiresSession>true</RequiresSession></QueueDescription></content></entry>", Encoding.UTF8, "application/atom+xml"),
        };
        sessionSwitch.Headers.TryAddWithoutValidation("If-Match", "*");
        using var sessionSwitched = await http.SendAsync(sessionSwitch, Ct);
        using var post = await http.PostAsync(new Uri("work?api-version=2021-05", UriKind.Relative), new StringContent(string.Empty), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("not well-formed XML", await malformed.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
        Assert.Contains("bad$name", await badName.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, sessionSwitched.StatusCode);
        Assert.Contains("'RequiresSession' cannot be changed", await sessionSwitched.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.DoesNotContain(harness.Emulator.GetAllCounts(), c => c.Path is "broken" or "bad$name");
    }

    private static async Task<List<RuleProperties>> ListRulesAsync(ServiceBusAdministrationClient admin, string topic, string subscription)
    {
        var rules = new List<RuleProperties>();
        await foreach (var rule in admin.GetRulesAsync(topic, subscription, Ct))
        {
            rules.Add(rule);
        }

        return rules;
    }
}

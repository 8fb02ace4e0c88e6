namespace EventKit.ServiceBus.Emulator.Tests;

public sealed class TopologyTests
{
    [Fact]
    public void Load_TopologyFile_ReadsQueuesTopicSubscriptionsAndRules()
    {
        var topology = EmulatorTopology.Load(TestTopology.FilePath);

        var work = Assert.Single(topology.Queues);
        Assert.Equal(("work", TimeSpan.FromSeconds(30), 5), (work.Name, work.Properties.LockDuration, work.Properties.MaxDeliveryCount));
        var items = Assert.Single(topology.Topics);
        Assert.Equal("items", items.Name);
        Assert.True(items.Properties.RequiresDuplicateDetection);
        Assert.Equal(TimeSpan.FromMinutes(10), items.Properties.DuplicateDetectionHistoryTimeWindow);
        var createdOnly = items.Subscriptions.Single(s => s.Name == "created-only");
        Assert.Equal(TimeSpan.FromMinutes(1), createdOnly.Properties.LockDuration);
        Assert.Equal(10, createdOnly.Properties.MaxDeliveryCount);
        Assert.True(createdOnly.Properties.DeadLetteringOnMessageExpiration);
        Assert.Equal("items.created.v1", createdOnly.Rules.Single().CorrelationFilter!.Label);
        Assert.Equal(["created-only", "every-item-event", "finished"], items.Subscriptions.Select(s => s.Name));
    }

    [Fact]
    public void WithLockDuration_TopologyFile_ShortensEveryLockAndKeepsTheRest()
    {
        var topology = EmulatorTopology.Load(TestTopology.FilePath);

        var shortened = topology.WithLockDuration(TimeSpan.FromSeconds(2));

        Assert.Equal(topology.NamespaceName, shortened.NamespaceName);
        var work = Assert.Single(shortened.Queues);
        Assert.Equal((TimeSpan.FromSeconds(2), 5), (work.Properties.LockDuration, work.Properties.MaxDeliveryCount));
        var items = Assert.Single(shortened.Topics);
        Assert.All(items.Subscriptions, subscription => Assert.Equal(TimeSpan.FromSeconds(2), subscription.Properties.LockDuration));
        Assert.Equal(10, items.Subscriptions.Single(s => s.Name == "created-only").Properties.MaxDeliveryCount);
        Assert.Equal("items.created.v1", items.Subscriptions.Single(s => s.Name == "created-only").Rules.Single().CorrelationFilter!.Label);
        Assert.Equal(TimeSpan.FromMinutes(1), topology.Topics.Single().Subscriptions.Single(s => s.Name == "created-only").Properties.LockDuration);
    }

    [Fact]
    public void WithLockDuration_Zero_ThrowsTopologyException()
    {
        Assert.Throws<EmulatorTopologyException>(() => EmulatorTopology.Load(TestTopology.FilePath).WithLockDuration(TimeSpan.Zero));
    }

    [Theory]
    [InlineData("""{"UserConfig":{"Namespaces":[{"Name":"ns","Queues":[{"Name":"q","Properties":{"LockDuration":"one minute"}}]}]}}""", "Queue 'q'", "LockDuration")]
    [InlineData("""{"UserConfig":{"Namespaces":[{"Name":"ns","Queues":[{"Name":"q","Properties":{"MaxDeliveryCount":0}}]}]}}""", "Queue 'q'", "MaxDeliveryCount")]
    [InlineData("""{"UserConfig":{"Namespaces":[{"Name":"ns","Queues":[{"Name":"q","Properties":{"LockDurationn":"PT1M"}}]}]}}""", "Queue 'q'", "LockDurationn")]
    [InlineData("""{"UserConfig":{"Namespaces":[{"Name":"ns","Queues":[{"Name":"q","Properties":{"ForwardTo":"missing"}}]}]}}""", "Queue 'q'", "ForwardTo")]
    [InlineData("""{"UserConfig":{"Namespaces":[{"Name":"ns","Queues":[{"Name":"q"},{"Name":"Q"}]}]}}""", "Queue 'Q'", "Name")]
    [InlineData("""{"UserConfig":{"Namespaces":[{"Name":"ns","Topics":[{"Name":"t","Subscriptions":[{"Name":"s","Properties":{"RequiresSession":"maybe"}}]}]}]}}""", "Subscription 't/s'", "RequiresSession")]
    [InlineData("""{"UserConfig":{"Namespaces":[{"Name":"ns","Topics":[{"Name":"t","Subscriptions":[{"Name":"s","Rules":[{"Name":"r","Properties":{"FilterType":"Sql","SqlFilter":{"SqlExpression":"a = "}}}]}]}]}]}}""", "Subscription 't/s' rule 'r'", "SqlFilter.SqlExpression")]
    [InlineData("""{"UserConfig":{"Namespaces":[{"Name":"ns","Topics":[{"Name":"t","Subscriptions":[{"Name":"s","Rules":[{"Name":"r","Properties":{"FilterType":"Magic"}}]}]}]}]}}""", "Subscription 't/s' rule 'r'", "FilterType")]
    [InlineData("""{"UserConfig":{"Namespaces":[{"Name":"ns","Topics":[{"Name":"t","Subscriptions":[{"Name":"s","Rules":[{"Name":"r","Properties":{"FilterType":"Sql","SqlFilter":{"SqlExpression":"1=1"},"Action":{"SqlExpression":"SET sys.Label = 'x'"}}}]}]}]}]}}""", "Subscription 't/s' rule 'r'", "Action.SqlExpression")]
    public void Parse_InvalidConfig_ThrowsNamingEntityAndProperty(string json, string entity, string property)
    {
        var error = Assert.Throws<EmulatorTopologyException>(() => EmulatorTopology.Parse(json));

        Assert.Contains(entity, error.Message, StringComparison.Ordinal);
        Assert.Contains(property, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NotJson_ThrowsTopologyException()
    {
        Assert.Throws<EmulatorTopologyException>(() => EmulatorTopology.Parse("{ not json"));
    }

    [Fact]
    public async Task StartAsync_InvalidTopologyFile_FailsBeforeListening()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bad-topology-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, """{"UserConfig":{"Namespaces":[{"Name":"ns","Queues":[{"Name":"q","Properties":{"LockDuration":"PT10M"}}]}]}}""", TestContext.Current.CancellationToken);
        try
        {
            var error = Assert.Throws<EmulatorTopologyException>(() => EmulatorTopology.Load(path));
            Assert.Contains("Queue 'q': property 'LockDuration'", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Create_InCode_BuildsAValidatedTopology()
    {
        var topology = EmulatorTopology.Create(
            [new QueueDefinition("jobs", new EntityProperties { MaxDeliveryCount = 2 })],
            [new TopicDefinition("events", new EntityProperties(), [new SubscriptionDefinition("all", new EntityProperties(), [])])]);

        Assert.Equal("jobs", topology.Queues.Single().Name);
        Assert.Equal("all", topology.Topics.Single().Subscriptions.Single().Name);
    }
}

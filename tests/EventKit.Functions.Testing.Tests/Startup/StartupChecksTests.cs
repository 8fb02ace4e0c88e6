using System.Text.Json;
using EventKit.Functions.Testing.Startup;

namespace EventKit.Functions.Testing.Tests.Startup;

/// <summary>
/// What the Functions host or an Azure service would reject fails <see cref="FunctionsTestHost.StartAsync"/> before anything
/// starts, naming the function or setting; the valid twin of each case starts. No broker or storage is involved.
/// </summary>
public sealed class StartupChecksTests : IDisposable
{
    private const string Topology = """
        {"UserConfig":{"Namespaces":[{"Name":"sbemulatorns",
          "Queues":[{"Name":"work","Properties":{}}],
          "Topics":[{"Name":"orders","Properties":{},"Subscriptions":[{"Name":"fulfillment","Properties":{},"Rules":[]},
            {"Name":"history","Properties":{"RequiresSession":true},"Rules":[]}]}]}]}}
        """;

    private readonly string folder = Path.Combine(Path.GetTempPath(), $"eventkit-startup-{Guid.NewGuid():N}");

    public StartupChecksTests() => Directory.CreateDirectory(folder);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData(typeof(DigitLeadingFunctionName), "2ndOrder")]
    [InlineData(typeof(DottedFunctionName), "Orders.Place")]
    [InlineData(typeof(ReservedFunctionName), "host")]
    public async Task StartAsync_FunctionNameTheHostRejects_FailsNamingTheFunction(Type functions, string name)
    {
        var problem = await SingleProblemAsync(Options(functions));

        Assert.Equal(StartupProblemKind.InvalidFunctionName, problem.Kind);
        Assert.Equal(name, problem.Subject);
        Assert.Contains($"'{name}'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_SameRouteAndMethodUnderOtherParameterNames_FailsNamingBothFunctions()
    {
        var problem = await SingleProblemAsync(Options(typeof(SameRouteDifferentParameterNames)));

        Assert.Equal(StartupProblemKind.DuplicateHttpRoute, problem.Kind);
        Assert.Contains("'GetOrder' (/api/orders/{id})", problem.Message, StringComparison.Ordinal);
        Assert.Contains("'GetOrderAgain' (/api/Orders/{orderId})", problem.Message, StringComparison.Ordinal);
        Assert.Contains("both answer GET", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_AnyMethodFunctionAndPostFunctionOnOneRoute_Fails()
    {
        var problem = await SingleProblemAsync(Options(typeof(AnyMethodAndPostOnOneRoute)));

        Assert.Equal(StartupProblemKind.DuplicateHttpRoute, problem.Kind);
        Assert.Equal("PostPayment", problem.Subject);
    }

    [Fact]
    public async Task StartAsync_ValidNamesAndRoutesTellApartByMethodOrConstraint_Starts()
    {
        await using var host = await FunctionsTestHost.StartAsync(Options(typeof(ValidFunctions)), TestContext.Current.CancellationToken);

        Assert.Equal(["GetOrder", "GetOrderByName", "Place_Order-2"], host.Functions.Select(f => f.Name));
    }

    [Theory]
    [InlineData(typeof(UndeclaredSubscription), StartupProblemKind.UndeclaredServiceBusEntity, "Audit", "subscription 'audit' of topic 'orders'")]
    [InlineData(typeof(UndeclaredTopic), StartupProblemKind.UndeclaredServiceBusEntity, "Refund", "topic 'refunds'")]
    [InlineData(typeof(UndeclaredQueueName), StartupProblemKind.UndeclaredServiceBusEntity, "Retry", "queue 'retries'")]
    [InlineData(typeof(SessionTriggerOnPlainSubscription), StartupProblemKind.ServiceBusSessionMismatch, "InOrder", "IsSessionsEnabled = true, but orders/fulfillment is declared without RequiresSession")]
    [InlineData(typeof(PlainTriggerOnSessionSubscription), StartupProblemKind.ServiceBusSessionMismatch, "History", "no IsSessionsEnabled, but orders/history is declared with RequiresSession true")]
    [InlineData(typeof(SessionTriggerOnDeadLetters), StartupProblemKind.ServiceBusSessionMismatch, "HistoryDeadLetters", "dead-letter queue orders/history/$DeadLetterQueue, which never has sessions")]
    public async Task StartAsync_ServiceBusTriggerTheTopologyWouldNotServe_FailsNamingFunctionAndEntity(Type functions, StartupProblemKind kind, string function, string detail)
    {
        var options = Options(functions);
        options.ServiceBusTopologyPath = Write("servicebus.topology.json", Topology);

        var problem = await SingleProblemAsync(options);

        Assert.Equal(kind, problem.Kind);
        Assert.Equal(function, problem.Subject);
        Assert.Contains(detail, problem.Message, StringComparison.Ordinal);
        Assert.Contains(options.ServiceBusTopologyPath, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_SessionTriggerOnSessionSubscriptionInAnyCaseAndPlainOneOnItsDeadLetters_Starts()
    {
        var options = Options(typeof(SessionTriggersMatchingTheTopology));
        options.ServiceBusTopologyPath = Write("servicebus.topology.json", Topology);

        await using var host = await FunctionsTestHost.StartAsync(options, TestContext.Current.CancellationToken);

        Assert.Equal(2, host.Functions.Count);
    }

    [Fact]
    public async Task StartAsync_ServiceBusTriggersOnDeclaredEntitiesInAnyCaseAndTheirDeadLetters_Starts()
    {
        var options = Options(typeof(DeclaredServiceBusEntities));
        options.ServiceBusTopologyPath = Write("servicebus.topology.json", Topology);
        options.Settings["WorkQueue"] = "work";

        await using var host = await FunctionsTestHost.StartAsync(options, TestContext.Current.CancellationToken);

        Assert.Equal(3, host.Functions.Count);
    }

    [Fact]
    public async Task StartAsync_ServiceBusConnectionSettingMissing_FailsNamingTheSetting()
    {
        var options = Options(typeof(DefaultServiceBusConnection));
        options.StartServiceBusTriggers = true;

        var problem = await SingleProblemAsync(options);

        Assert.Equal(StartupProblemKind.MissingSetting, problem.Kind);
        Assert.Equal("AzureWebJobsServiceBus", problem.Subject);
        Assert.Contains("Function 'Listen'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_QueueNameFromAnUnsetAppSetting_FailsNamingTheSetting()
    {
        var problem = await SingleProblemAsync(Options(typeof(QueueNameFromSetting)));

        Assert.Equal(StartupProblemKind.MissingSetting, problem.Kind);
        Assert.Equal("MissingQueueSetting", problem.Subject);
    }

    [Theory]
    [InlineData("Contoso.OrdersHub")]
    [InlineData("my-app-hub")]
    [InlineData("1stHub")]
    [InlineData("Hb")]
    [InlineData("A123456789012345678901234567890123456789012345")]
    public async Task StartAsync_TaskHubNameTheAzureStorageBackendRejects_FailsNamingTheSetting(string hubName)
    {
        var options = Options(typeof(ValidFunctions));
        options.HostJsonPath = Write("host.json", """{"version":"2.0","extensions":{"durableTask":{"hubName":""" + JsonSerializer.Serialize(hubName) + "}}}");

        var problem = await SingleProblemAsync(options);

        Assert.Equal(StartupProblemKind.InvalidTaskHubName, problem.Kind);
        Assert.Equal("extensions.durableTask.hubName", problem.Subject);
        Assert.Contains($"'{hubName}'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_TaskHubNameFromAnAppSetting_ChecksTheSettingsValue()
    {
        var options = Options(typeof(ValidFunctions));
        options.HostJsonPath = Write("host.json", """{"extensions":{"durableTask":{"hubName":"%HubName%"}}}""");
        options.Settings["HubName"] = "Contoso.Orders";

        var problem = await SingleProblemAsync(options);
        options.Settings["HubName"] = "ContosoOrders";
        await using var host = await FunctionsTestHost.StartAsync(options, TestContext.Current.CancellationToken);

        Assert.Contains("'Contoso.Orders' (from %HubName%)", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_HostJsonValuesOfTheWrongType_FailsNamingEachKey()
    {
        var options = Options(typeof(ValidFunctions));
        options.HostJsonPath = Write("host.json", """
            {
              "extensions": {
                "http": { "routePrefix": {} },
                "serviceBus": {
                  "maxConcurrentCalls": "sixteen",
                  "autoCompleteMessages": "yes",
                  "maxAutoLockRenewalDuration": 300,
                  "prefetchCount": -1,
                  "clientRetryOptions": { "maxRetries": 1.5 }
                },
                "durableTask": { "maxConcurrentActivityFunctions": 0, "storageProvider": { "partitionCount": 32 } }
              }
            }
            """);

        var failure = await Assert.ThrowsAsync<FunctionsHostStartupException>(() => FunctionsTestHost.StartAsync(options, TestContext.Current.CancellationToken));

        Assert.All(failure.Problems, p => Assert.Equal(StartupProblemKind.InvalidHostJson, p.Kind));
        Assert.Equal(
            [
                "extensions.http.routePrefix",
                "extensions.serviceBus.maxConcurrentCalls",
                "extensions.serviceBus.autoCompleteMessages",
                "extensions.serviceBus.maxAutoLockRenewalDuration",
                "extensions.serviceBus.prefetchCount",
                "extensions.serviceBus.clientRetryOptions.maxRetries",
                "extensions.durableTask.maxConcurrentActivityFunctions",
                "extensions.durableTask.storageProvider.partitionCount",
            ],
            failure.Problems.Select(p => p.Subject));
        Assert.Contains("'extensions.serviceBus.maxConcurrentCalls' is \"sixteen\", but the host expects a whole number of at least 1", failure.Message, StringComparison.Ordinal);
        Assert.Contains("from 1 to 16", failure.Problems[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_HostJsonUnknownKeyInAClosedSection_FailsNamingIt()
    {
        var options = Options(typeof(ValidFunctions));
        options.HostJsonPath = Write("host.json", """{"extensions":{"serviceBus":{"maxConcurentCalls":4,"messageHandlerOptions":{}},"durableTask":{"extendedSessionsEnabled":false}}}""");

        var failure = await Assert.ThrowsAsync<FunctionsHostStartupException>(() => FunctionsTestHost.StartAsync(options, TestContext.Current.CancellationToken));

        Assert.Equal(["extensions.serviceBus.maxConcurentCalls", "extensions.serviceBus.messageHandlerOptions"], failure.Problems.Select(p => p.Subject));
        Assert.Contains("maxConcurrentCalls", failure.Problems[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_HostJsonNumbersAndFlagsWrittenAsText_StartsAndHonoursThem()
    {
        var options = Options(typeof(ValidFunctions));
        options.HostJsonPath = Write("host.json", """{"extensions":{"http":{"routePrefix":"v1"},"serviceBus":{"maxConcurrentCalls":"4","autoCompleteMessages":"false","maxAutoLockRenewalDuration":"00:02:00"},"durableTask":{"hubName":"ContosoOrdersHub"}}}""");

        await using var host = await FunctionsTestHost.StartAsync(options, TestContext.Current.CancellationToken);

        Assert.All(host.HttpRoutes, r => Assert.StartsWith("/v1/orders/", r.Route, StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_SeveralProblems_ListsEveryOneInTheMessage()
    {
        var options = Options(typeof(DottedFunctionName), typeof(QueueNameFromSetting));
        options.HostJsonPath = Write("host.json", """{"extensions":{"durableTask":{"hubName":"Contoso.OrdersHub"}}}""");

        var failure = await Assert.ThrowsAsync<FunctionsHostStartupException>(() => FunctionsTestHost.StartAsync(options, TestContext.Current.CancellationToken));

        Assert.Equal(
            [StartupProblemKind.InvalidFunctionName, StartupProblemKind.MissingSetting, StartupProblemKind.InvalidTaskHubName],
            failure.Problems.Select(p => p.Kind));
        Assert.Contains("3 problems", failure.Message, StringComparison.Ordinal);
        Assert.All(failure.Problems, p => Assert.Contains(p.Message, failure.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_FunctionTypeFromAnotherAssembly_FailsNamingIt()
    {
        var options = Options(typeof(ValidFunctions), typeof(string));

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => FunctionsTestHost.StartAsync(options, TestContext.Current.CancellationToken));

        Assert.Contains("System.String", failure.Message, StringComparison.Ordinal);
    }

    private static async Task<StartupProblem> SingleProblemAsync(FunctionsTestHostOptions options)
    {
        var failure = await Assert.ThrowsAsync<FunctionsHostStartupException>(() => FunctionsTestHost.StartAsync(options, TestContext.Current.CancellationToken));
        return Assert.Single(failure.Problems);
    }

    private FunctionsTestHostOptions Options(params Type[] functionTypes)
    {
        var options = new FunctionsTestHostOptions
        {
            FunctionsAssembly = typeof(ValidFunctions).Assembly,
            HostJsonPath = Path.Combine(folder, "no-host.json"),
            StartServiceBusTriggers = false,
        };
        foreach (var type in functionTypes)
        {
            options.FunctionTypes.Add(type);
        }

        return options;
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, content);
        return path;
    }
}

using EventKit.Functions.Testing.Discovery;
using Microsoft.Extensions.Configuration;

namespace EventKit.Functions.Testing.Startup;

/// <summary>
/// What the Functions host or an Azure service would reject, checked before anything starts, so a problem that would
/// first show in Azure fails the local run and the tests instead (<see cref="FunctionsHostStartupException"/>).
/// </summary>
internal static class StartupChecks
{
    private const string DefaultServiceBusConnection = "AzureWebJobsServiceBus";
    private const string DeadLetterSuffix = "/$DeadLetterQueue";

    /// <exception cref="FunctionsHostStartupException">At least one problem was found; every one is listed.</exception>
    public static void Run(IReadOnlyList<FunctionDescriptor> functions, string? hostJsonPath, FunctionsTestHostOptions options)
    {
        var settings = new ConfigurationBuilder()
            .AddInMemoryCollection(options.Settings.Select(static s => KeyValuePair.Create(s.Key.Replace("__", ":", StringComparison.Ordinal), s.Value)))
            .Build();
        var topology = options.ServiceBusTopologyPath is { } path ? ServiceBusTopologyFile.Load(path) : null;

        var hostJsonProblems = HostJsonCheck.Check(hostJsonPath, name => settings[name]).ToList();

        // Routes are compared under the host.json prefix, which is only read once host.json itself passed.
        var routePrefix = hostJsonProblems.Count == 0 ? HostJson.Load(hostJsonPath).RoutePrefix : new HostJson().RoutePrefix;
        List<StartupProblem> problems =
        [
            .. FunctionNames(functions),
            .. HttpRouteConflicts.Find(functions, routePrefix),
            .. ServiceBusTriggers(functions, settings, topology, options.StartServiceBusTriggers),
            .. hostJsonProblems,
        ];
        if (problems.Count > 0)
        {
            throw new FunctionsHostStartupException(problems);
        }
    }

    private static IEnumerable<StartupProblem> FunctionNames(IEnumerable<FunctionDescriptor> functions) =>
        functions.Where(static f => !FunctionNameRule.Accepts(f.Name)).Select(static f => new StartupProblem(
            StartupProblemKind.InvalidFunctionName,
            f.Name,
            $"Function name '{f.Name}' ({f.Method.DeclaringType}.{f.Method.Name}) is one the Functions host rejects: it must start with a letter, hold only letters, digits, '_' and '-', be at most 128 characters, and not be 'host'."));

    private static IEnumerable<StartupProblem> ServiceBusTriggers(IEnumerable<FunctionDescriptor> functions, IConfiguration settings, ServiceBusTopologyFile? topology, bool connecting)
    {
        foreach (var function in functions.Where(static f => f.Trigger == TriggerKind.ServiceBus))
        {
            var attribute = function.TriggerAttribute;
            var connection = FunctionCatalog.Property<string>(attribute, "Connection") is { Length: > 0 } named ? named : DefaultServiceBusConnection;
            if (connecting && string.IsNullOrEmpty(settings[connection] ?? settings.GetConnectionString(connection)))
            {
                yield return new StartupProblem(
                    StartupProblemKind.MissingSetting,
                    connection,
                    $"Function '{function.Name}' reads the Service Bus connection '{connection}', but no setting of that name holds a connection string. Set Settings[\"{connection}\"] (the emulator's connection string locally; in Azure, '{connection}__fullyQualifiedNamespace' with a managed identity).");
            }

            var names = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var property in new[] { "QueueName", "TopicName", "SubscriptionName" })
            {
                var value = FunctionCatalog.Property<string>(attribute, property);
                if (value is ['%', .., '%'] && value.Length > 2)
                {
                    var setting = value[1..^1];
                    value = settings[setting];
                    if (value is null)
                    {
                        yield return new StartupProblem(
                            StartupProblemKind.MissingSetting,
                            setting,
                            $"Function '{function.Name}' takes its {property} from the app setting '{setting}' (%{setting}%), which is not set.");
                    }
                }

                names[property] = value;
            }

            if (topology is not null && Undeclared(names["QueueName"], names["TopicName"], names["SubscriptionName"], topology) is { } entity)
            {
                yield return new StartupProblem(
                    StartupProblemKind.UndeclaredServiceBusEntity,
                    function.Name,
                    $"Function '{function.Name}' listens on {entity}, which the topology file {topology.Path} does not declare; infra deploys only what that file declares, so the trigger would never receive a message in Azure.");
            }
            else if (topology is not null && SessionMismatch(names["QueueName"], names["TopicName"], names["SubscriptionName"], FunctionCatalog.Property<bool>(attribute, "IsSessionsEnabled"), topology) is { } mismatch)
            {
                yield return new StartupProblem(
                    StartupProblemKind.ServiceBusSessionMismatch,
                    function.Name,
                    $"Function '{function.Name}' {mismatch} (topology file {topology.Path}); Service Bus refuses a session receiver on an entity without sessions and a plain receiver on one with them, so the trigger would never receive a message in Azure. Make IsSessionsEnabled and RequiresSession agree.");
            }
        }
    }

    /// <summary>What disagrees, or null; a dead-letter queue never has sessions, whatever its entity has.</summary>
    private static string? SessionMismatch(string? queue, string? topic, string? subscription, bool sessionsEnabled, ServiceBusTopologyFile topology)
    {
        var path = queue ?? (topic is not null && subscription is not null ? $"{topic}/{subscription}" : null);
        if (path is null || path.EndsWith(DeadLetterSuffix, StringComparison.OrdinalIgnoreCase))
        {
            return sessionsEnabled && path is not null ? $"has IsSessionsEnabled = true on the dead-letter queue {path}, which never has sessions" : null;
        }

        var required = topology.RequiresSession(path);
        return required == sessionsEnabled ? null
            : sessionsEnabled ? $"has IsSessionsEnabled = true, but {path} is declared without RequiresSession"
            : $"has no IsSessionsEnabled, but {path} is declared with RequiresSession true";
    }

    private static string? Undeclared(string? queue, string? topic, string? subscription, ServiceBusTopologyFile topology)
    {
        if (queue is not null)
        {
            var name = queue.EndsWith(DeadLetterSuffix, StringComparison.OrdinalIgnoreCase) ? queue[..^DeadLetterSuffix.Length] : queue;
            return topology.DeclaresQueue(name) ? null : $"queue '{name}'";
        }

        if (topic is null || subscription is null)
        {
            return null;
        }

        var subscriptionName = subscription.EndsWith(DeadLetterSuffix, StringComparison.OrdinalIgnoreCase) ? subscription[..^DeadLetterSuffix.Length] : subscription;
        return !topology.DeclaresTopic(topic) ? $"topic '{topic}'"
            : topology.DeclaresSubscription(topic, subscriptionName) ? null
            : $"subscription '{subscriptionName}' of topic '{topic}'";
    }
}

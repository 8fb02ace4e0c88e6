using System.CommandLine;
using AzureEventKit.Local;

var demo = new Option<int?>("--demo") { Description = "Place N orders over HTTP, confirm their payments, show progress live, then summarise and exit." };
var bench = new Option<bool>("--bench") { Description = "Measure start-up time and end-to-end latency, print them as Markdown, and exit." };
var benchOrders = new Option<int>("--bench-orders") { Description = "Orders for --bench's latency run.", DefaultValueFactory = _ => 30 };
var benchConcurrent = new Option<int>("--bench-concurrent") { Description = "Orders --bench places at once after the sequential run.", DefaultValueFactory = _ => 50 };
var soak = new Option<int?>("--soak") { Description = "Chaos soak: place N orders at a steady rate under scripted faults (Service Bus, Tables, a host crash), audit that nothing was lost or done twice, print a table and a JSON summary; exit code 1 on any violation." };
// The default is what one Azurite sustains behind the Durable task hub (docs/reliability.md): above it the backlog in
// Azurite's queues makes every queue request slower, and a long soak times out instead of measuring anything.
var soakRate = new Option<double>("--soak-rate") { Description = "Orders per second --soak places (default 2, what Azurite sustains for the Durable task hub; see docs/reliability.md).", DefaultValueFactory = _ => 2 };
var soakCallers = new Option<int>("--soak-callers") { Description = "POSTs --soak makes at once (a caller places one order, then follows it without holding its slot).", DefaultValueFactory = _ => 256 };
var port = new Option<int>("--port") { Description = "HTTP port for the functions (0 = any free port).", DefaultValueFactory = _ => 7071 };
var timeout = new Option<TimeSpan>("--timeout") { Description = "How long --demo waits for every order to finish.", DefaultValueFactory = _ => TimeSpan.FromMinutes(3) };
var durable = new Option<string>("--durable") { Description = "Where orchestration state lives: azurestorage (the Azure Storage backend on Azurite, as in Azure) or memory (faster start, lost on exit).", DefaultValueFactory = _ => "azurestorage" };
durable.AcceptOnlyFromAmong([.. LocalOptions.DurableChoices.Keys]);
var dataDirectory = new Option<string?>("--data-dir") { Description = "Keep the local data in this directory (Azurite's tables, queues, blobs and Durable task hub under azurite/, the Service Bus emulator's journal under servicebus/), so orders in flight survive a restart, even a killed process. Default: in memory." };
var noDashboard = new Option<bool>("--no-dashboard") { Description = "Do not start the Aspire Dashboard (the local trace viewer); telemetry then goes nowhere unless you pass --setting OTEL_EXPORTER_OTLP_ENDPOINT=<your collector>." };
var stay = new Option<bool>("--stay") { Description = "After --demo, keep everything running (so you can look at the demo's traces in the dashboard) until Ctrl+C." };
var durableVisibility = new Option<TimeSpan?>("--durable-visibility-timeout") { Description = "After a crash (a killed process), how long the Durable work it had taken stays invisible before the next start runs it, e.g. 00:00:20. Default: host.json's values, as in Azure (5 minutes unless host.json says otherwise). Keep it above your slowest activity: work still running when it ends runs again." };
var readyFile = new Option<string?>("--ready-file") { Description = "Once everything runs, write its endpoints (functions URL and key, storage and Service Bus connection strings) as JSON to this file, for scripts and tests." };
var settings = new Option<string[]>("--setting") { Description = "An app setting as key=value (repeatable), e.g. --setting Fulfillment:PaymentConfirmationTimeout=00:00:05.", AllowMultipleArgumentsPerToken = false };

var root = new RootCommand("Runs AzureEventKit locally: Azurite, the Service Bus emulator and the app's own functions in one process.")
{
    demo, bench, benchOrders, benchConcurrent, soak, soakRate, soakCallers, port, timeout, durable, durableVisibility, dataDirectory, noDashboard, stay, readyFile, settings,
};
root.SetAction(async (parse, cancellationToken) =>
{
    var options = new LocalOptions(
        HttpPort: parse.GetValue(port),
        Settings: LocalOptions.ParseSettings(parse.GetValue(settings) ?? []),
        Quiet: parse.GetValue(demo) is not null || parse.GetValue(bench) || parse.GetValue(soak) is not null,
        Durable: LocalOptions.DurableChoices[parse.GetValue(durable)!],
        DataDirectory: parse.GetValue(dataDirectory),
        Dashboard: !parse.GetValue(noDashboard))
    {
        DurableQueueVisibilityTimeout = parse.GetValue(durableVisibility),
    };
    if (parse.GetValue(bench))
    {
        return await Bench.RunAsync(options, parse.GetValue(benchOrders), parse.GetValue(benchConcurrent), cancellationToken);
    }

    if (parse.GetValue(soak) is { } soakOrders)
    {
        var rate = parse.GetValue(soakRate);
        // --timeout has a default (for --demo), so its result is implicit, not absent, when the user did not pass it.
        var soakTimeout = parse.GetResult(timeout) is null or { Implicit: true } ? TimeSpan.FromSeconds(soakOrders / rate) + TimeSpan.FromMinutes(8) : parse.GetValue(timeout);
        return await AzureEventKit.Local.Soak.SoakCommand.RunAsync(options, new(soakOrders, rate, parse.GetValue(soakCallers), soakTimeout), cancellationToken);
    }

    await using var stack = await LocalStack.StartAsync(options, cancellationToken);
    if (parse.GetValue(demo) is { } orders)
    {
        var exitCode = await DemoRunner.RunAsync(stack, orders, parse.GetValue(timeout), parse.GetValue(stay), cancellationToken);
        return parse.GetValue(stay) ? Math.Max(exitCode, await LocalStack.RunUntilCancelledAsync(cancellationToken)) : exitCode;
    }

    Banner.Print(stack);
    if (parse.GetValue(readyFile) is { } readyPath)
    {
        await ReadyFile.WriteAsync(readyPath, stack, cancellationToken);
    }

    return await LocalStack.RunUntilCancelledAsync(cancellationToken);
});
return await root.Parse(args).InvokeAsync();

using System.CommandLine;
using AzureEventKit.Local;

var demo = new Option<int?>("--demo") { Description = "Place N orders over HTTP, confirm their payments, show progress live, then summarise and exit." };
var bench = new Option<bool>("--bench") { Description = "Measure start-up time and end-to-end latency, print them as Markdown, and exit." };
var benchOrders = new Option<int>("--bench-orders") { Description = "Orders for --bench's latency run.", DefaultValueFactory = _ => 30 };
var port = new Option<int>("--port") { Description = "HTTP port for the functions (0 = any free port).", DefaultValueFactory = _ => 7071 };
var timeout = new Option<TimeSpan>("--timeout") { Description = "How long --demo waits for every order to finish.", DefaultValueFactory = _ => TimeSpan.FromMinutes(3) };
var settings = new Option<string[]>("--setting") { Description = "An app setting as key=value (repeatable), e.g. --setting Fulfillment:PaymentConfirmationTimeout=00:00:05.", AllowMultipleArgumentsPerToken = false };

var root = new RootCommand("Runs AzureEventKit locally: Azurite, the Service Bus emulator and the app's own functions in one process.")
{
    demo, bench, benchOrders, port, timeout, settings,
};
root.SetAction(async (parse, cancellationToken) =>
{
    var options = new LocalOptions(
        HttpPort: parse.GetValue(port),
        Settings: LocalOptions.ParseSettings(parse.GetValue(settings) ?? []),
        Quiet: parse.GetValue(demo) is not null || parse.GetValue(bench));
    if (parse.GetValue(bench))
    {
        return await Bench.RunAsync(options, parse.GetValue(benchOrders), cancellationToken);
    }

    await using var stack = await LocalStack.StartAsync(options, cancellationToken);
    if (parse.GetValue(demo) is { } orders)
    {
        return await DemoRunner.RunAsync(stack, orders, parse.GetValue(timeout), cancellationToken);
    }

    Banner.Print(stack);
    return await LocalStack.RunUntilCancelledAsync(cancellationToken);
});
return await root.Parse(args).InvokeAsync();

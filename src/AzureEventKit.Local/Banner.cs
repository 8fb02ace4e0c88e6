using EventKit.Functions.Testing.Http;
using Spectre.Console;

namespace AzureEventKit.Local;

/// <summary>Prints where everything runs, the function key, and a ready-to-paste curl for each endpoint.</summary>
internal static class Banner
{
    public static void Print(LocalStack stack)
    {
        var host = stack.Host;
        var baseUrl = host.BaseAddress.ToString().TrimEnd('/');
        AnsiConsole.Write(new Rule("[green]AzureEventKit is running locally[/]").LeftJustified());
        var parts = new Grid().AddColumn().AddColumn();
        parts.AddRow("[bold]Dashboard[/]", DashboardLine(stack.Dashboard));
        parts.AddRow("[bold]Functions[/]", Markup.Escape($"{baseUrl}  ({host.Functions.Count} functions, started in {stack.Timings.Host.TotalMilliseconds:F0} ms)"));
        parts.AddRow("[bold]Function key[/]", Markup.Escape(host.FunctionKey) + " [grey](x-functions-key header or ?code=; new every run)[/]");
        parts.AddRow("[bold]Service Bus[/]", Markup.Escape(stack.Emulator.ConnectionString));
        if (stack.Emulator.InspectionEndpoint is { } inspection)
        {
            parts.AddRow("[bold]Queue counts[/]", Markup.Escape(new Uri(inspection, "entities").ToString()));
        }

        var persistence = stack.Options.DataDirectory is { } directory ? $"on disk in {Path.GetFullPath(directory)} (Service Bus messages too)" : "in memory (--data-dir keeps it)";
        parts.AddRow("[bold]Storage[/]", Markup.Escape($"Azurite: blobs :{stack.Azurite.BlobPort}, queues :{stack.Azurite.QueuePort}, tables :{stack.Azurite.TablePort}; {persistence}"));
        parts.AddRow("[bold]Durable[/]", Markup.Escape(stack.Options.Durable == EventKit.Functions.Testing.Durable.DurableBackend.AzureStorage
            ? "Azure Storage backend on Azurite, as in Azure (--durable memory for the in-memory one)"
            : "in-memory backend: orchestrations are lost on exit (--durable azurestorage runs them as in Azure)"));
        parts.AddRow("[bold]Started in[/]", Markup.Escape($"{stack.Timings.Total.TotalSeconds:F1} s (Azurite {stack.Timings.Azurite.TotalMilliseconds:F0} ms, emulator {stack.Timings.ServiceBus.TotalMilliseconds:F0} ms, functions {stack.Timings.Host.TotalMilliseconds:F0} ms)"));
        AnsiConsole.Write(parts);

        AnsiConsole.WriteLine();
        AnsiConsole.MarkupLine("[bold]Try it[/] [grey](copy and paste)[/]");
        foreach (var route in host.HttpRoutes.OrderBy(r => r.Route, StringComparer.Ordinal))
        {
            foreach (var method in route.Methods.Take(1))
            {
                AnsiConsole.MarkupLine($"[grey]# {Markup.Escape(route.FunctionName)}[/]");
                // Plain Console: Spectre would wrap long lines at the terminal width and break copy and paste.
                Console.WriteLine(Curl(method, baseUrl, route.Route, route.RequiresKey ? host.FunctionKey : null));
            }
        }

        AnsiConsole.WriteLine();
        AnsiConsole.MarkupLine($"[grey]Timer triggers run every {LocalStack.TimerInterval.TotalMinutes:0} minute(s) here, not on their schedules. Live log below; Ctrl+C stops everything.[/]");
        AnsiConsole.Write(new Rule().LeftJustified());
    }

    /// <summary>The dashboard's URL and what it shows, or why there is none.</summary>
    internal static string DashboardLine(LocalDashboard dashboard) => dashboard.Running is { } running
        ? $"[link]{Markup.Escape(running.Url.ToString())}[/] [grey](traces, metrics and logs of the app, the host and the emulator; OTLP on {Markup.Escape(running.OtlpEndpoint.ToString())})[/]"
        : $"[yellow]none[/] [grey]({Markup.Escape(dashboard.Absent ?? "")})[/]";

    /// <summary>A curl command with example values for route parameters and, where the endpoint takes one, a sample body.</summary>
    internal static string Curl(string method, string baseUrl, string route, string? key)
    {
        var path = ExampleValues.FillRoute(route);
        var command = $"curl -i -X {method} '{baseUrl}{path}'";
        if (key is not null)
        {
            command += $" -H 'x-functions-key: {key}'";
        }

        // The principal App Service Authentication would inject for a signed-in caller; the webhook signs instead.
        if (!route.Contains("webhook", StringComparison.Ordinal))
        {
            var principal = route.Contains("dead-letters", StringComparison.Ordinal)
                ? OrdersClient.OperatorPrincipal(OrdersClientCallers.Local)
                : ClientPrincipalHeader.Create("curl-customer");
            command += $" -H '{ClientPrincipalHeader.HeaderName}: {principal}'";
        }

        if (method is "POST" or "PUT" or "PATCH" && ExampleValues.BodyFor(route) is { } body)
        {
            command += $" -H 'Content-Type: application/json' -d '{body}'";
        }

        return command;
    }
}

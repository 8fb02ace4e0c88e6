using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventKit.Functions.Testing.Durable;

/// <summary>
/// Joins Durable to the app's host: the chosen backend, the gRPC sidecar over it, and the Microsoft.DurableTask worker
/// (running the app's orchestrators and activities) and client connected to the sidecar, all resolved from the app's
/// services, so activities get the app's registrations and everything logs to the app's providers.
/// </summary>
internal static class DurableHosting
{
    public static void Add(IServiceCollection services, FunctionsTestHostOptions options, HostJson hostJson, Action<DurableTaskRegistry> registerTasks)
    {
        var limits = new DurableConcurrency(
            hostJson.MaxConcurrentOrchestratorFunctions ?? HostJson.DefaultMaxConcurrentDurableFunctions,
            hostJson.MaxConcurrentActivityFunctions ?? HostJson.DefaultMaxConcurrentDurableFunctions);
        var port = LoopbackPort.Free();
        var address = $"http://127.0.0.1:{port}";

        services.AddSingleton(provider => CreateBackend(options, hostJson, limits, provider));

        // Registered before the worker's hosted service, so the sidecar starts first and stops last.
        services.AddSingleton(provider => new DurableSidecar(
            provider.GetRequiredService<DurableBackendInstance>(), port, provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance));
        services.AddHostedService(provider => provider.GetRequiredService<DurableSidecar>());
        services.AddDurableTaskWorker(worker =>
        {
            worker.UseGrpc(address);
            worker.AddTasks(registerTasks);
        });
        services.AddDurableTaskClient(client =>
        {
            client.UseGrpc(address);
            client.RegisterDirectly();
        });

        // The worker sends these to the sidecar, which ignores them; ConcurrencyLimitedOrchestrationService enforces them.
        services.ConfigureAll<DurableTaskWorkerOptions>(worker =>
        {
            worker.Concurrency.MaximumConcurrentActivityWorkItems = limits.Activities;
            worker.Concurrency.MaximumConcurrentOrchestrationWorkItems = limits.Orchestrations;
        });
    }

    private static DurableBackendInstance CreateBackend(FunctionsTestHostOptions options, HostJson hostJson, DurableConcurrency limits, IServiceProvider provider)
    {
        var loggerFactory = provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger(typeof(FunctionsTestHost).FullName!);
        DurableBackendInstance backend;
        if (options.DurableBackend == DurableBackend.InMemory)
        {
            backend = DurableBackendInstance.InMemory(limits, loggerFactory);
        }
        else
        {
            var connection = provider.GetRequiredService<IConfiguration>()[AzureStorageTaskHub.ConnectionSetting];
            if (string.IsNullOrWhiteSpace(connection))
            {
                throw new InvalidOperationException(
                    $"The Durable Azure Storage backend needs the '{AzureStorageTaskHub.ConnectionSetting}' setting (Azurite's connection string, or UseDevelopmentStorage=true). " +
                    $"Set it in {nameof(FunctionsTestHostOptions)}.{nameof(FunctionsTestHostOptions.Settings)}, or choose {nameof(DurableBackend)}.{nameof(DurableBackend.InMemory)}.");
            }

            backend = DurableBackendInstance.AzureStorage(
                AzureStorageTaskHub.Settings(hostJson, connection, options.DurableTaskHubName, options.DurableMaxQueuePollingInterval, options.DurableQueueVisibilityTimeout, limits, loggerFactory),
                limits);
        }

        Logs.DurableBackendChosen(logger, backend.Description, limits.Orchestrations, limits.Activities);
        return backend;
    }
}

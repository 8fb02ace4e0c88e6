using Microsoft.Extensions.Options;

namespace AzureEventKit.Functions.Configuration;

/// <summary>Fails start-up with the exact setting to add, rather than a null reference at the first message.</summary>
public sealed class ConnectionSettingsValidator : IValidateOptions<ConnectionSettings>
{
    public ValidateOptionsResult Validate(string? name, ConnectionSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!options.HasServiceBus)
        {
            failures.Add("Service Bus is not configured: set 'ServiceBus' to a connection string (local emulator) or 'ServiceBus__fullyQualifiedNamespace' with 'ServiceBus__credential=managedidentity' and 'ServiceBus__clientId' (Azure).");
        }

        if (!options.HasTables)
        {
            failures.Add("Tables is not configured: set 'Tables' to a connection string (Azurite: UseDevelopmentStorage=true) or 'Tables__serviceUri' with 'Tables__credential=managedidentity' and 'Tables__clientId' (Azure).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

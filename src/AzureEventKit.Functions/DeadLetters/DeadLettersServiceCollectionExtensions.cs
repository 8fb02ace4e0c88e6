using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AzureEventKit.Functions.DeadLetters;

public static class DeadLettersServiceCollectionExtensions
{
    /// <summary>The dead-letter recorder and the list/replay API.</summary>
    public static IServiceCollection AddDeadLetters(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<DeadLetterRecorder>();
        services.AddSingleton<DeadLetterReplayer>();
        return services;
    }
}

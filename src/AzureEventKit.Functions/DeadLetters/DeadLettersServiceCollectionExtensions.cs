using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AzureEventKit.Functions.DeadLetters;

public static class DeadLettersServiceCollectionExtensions
{
    // SCAFFOLD: the DeadLetters feature registers its services here.
    public static IServiceCollection AddDeadLetters(this IServiceCollection services, IConfiguration configuration) => services;
}

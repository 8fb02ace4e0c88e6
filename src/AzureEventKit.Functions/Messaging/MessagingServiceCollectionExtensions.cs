using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AzureEventKit.Functions.Messaging;

public static class MessagingServiceCollectionExtensions
{
    // SCAFFOLD: the Messaging feature registers its services here.
    public static IServiceCollection AddMessaging(this IServiceCollection services, IConfiguration configuration) => services;
}

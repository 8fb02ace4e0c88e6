using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AzureEventKit.Functions.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    // SCAFFOLD: the Notifications feature registers its services here.
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration) => services;
}

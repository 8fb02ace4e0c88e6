using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AzureEventKit.Functions.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>Customer notifications, recorded once per outcome event.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSingleton<CustomerNotifier>();
}

using AzureEventKit.Functions.Catalog;
using AzureEventKit.Functions.DeadLetters;
using AzureEventKit.Functions.Fulfillment;
using AzureEventKit.Functions.FulfillmentStart;
using AzureEventKit.Functions.Http;
#if (!minimal)
using AzureEventKit.Functions.Inventory;
#endif
using AzureEventKit.Functions.Messaging;
#if (!minimal)
using AzureEventKit.Functions.Notifications;
#endif
using AzureEventKit.Functions.Observability;
using AzureEventKit.Functions.Orders;
#if (!minimal)
using AzureEventKit.Functions.Payments;
using AzureEventKit.Functions.PaymentWebhooks;
using AzureEventKit.Functions.Projections;
using AzureEventKit.Functions.Shipping;
#endif
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AzureEventKit.Functions;

/// <summary>
/// The app's whole composition, feature by feature. Program.cs and the in-process test host both call this,
/// so tests run exactly the registrations that production runs.
/// </summary>
public static class OrderWorkflowServiceCollectionExtensions
{
    public static IServiceCollection AddOrderWorkflow(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddObservability(configuration);
        services.AddMessaging(configuration);
        services.AddHttpApi(configuration);
        services.AddCatalog(configuration);
        services.AddOrders(configuration);
        services.AddFulfillmentStart();
#if (!minimal)
        services.AddInventory(configuration);
        services.AddPayments();
        services.AddPaymentWebhooks(configuration);
        services.AddShipping();
#endif
        services.AddFulfillment(configuration);
#if (!minimal)
        services.AddProjections(configuration);
        services.AddNotifications(configuration);
#endif
        services.AddDeadLetters(configuration);
        return services;
    }
}

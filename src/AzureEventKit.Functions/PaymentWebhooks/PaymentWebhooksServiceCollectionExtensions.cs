using AzureEventKit.Functions.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AzureEventKit.Functions.PaymentWebhooks;

public static class PaymentWebhooksServiceCollectionExtensions
{
    /// <summary>
    /// The payment provider's webhook: options (section <c>PaymentWebhook</c>; the secret is checked per request, so a
    /// missing secret disables the webhook without stopping the app), the event-id ledger table and the handler.
    /// </summary>
    public static IServiceCollection AddPaymentWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<PaymentWebhookOptions>().Bind(configuration.GetSection(PaymentWebhookOptions.SectionName));
        services.AddOwnedTables(ProcessedWebhookEvents.Table);
        services.AddSingleton<ProcessedWebhookEvents>();
        services.AddSingleton<PaymentWebhookHandler>();
        return services;
    }
}

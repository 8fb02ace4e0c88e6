using AzureEventKit.Functions.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AzureEventKit.Functions.Payments;

public static class PaymentsServiceCollectionExtensions
{
    /// <summary>
    /// Payment authorizations: the Payments table (created at start-up), <see cref="PaymentAuthorizations"/> and the
    /// STAND-IN gateway. Replace the gateway with your provider's adapter by registering another
    /// <see cref="IPaymentGateway"/> after this call.
    /// </summary>
    public static IServiceCollection AddPayments(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOwnedTables(PaymentEntity.Table);
        services.AddSingleton<PaymentAuthorizations>();
        services.TryAddSingleton<IPaymentGateway, SimulatedPaymentGateway>();
        return services;
    }
}

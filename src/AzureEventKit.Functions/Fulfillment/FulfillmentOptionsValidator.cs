using Microsoft.Extensions.Options;

namespace AzureEventKit.Functions.Fulfillment;

/// <summary>Fails start-up with a message naming the setting, rather than failing the first order hours later.</summary>
public sealed class FulfillmentOptionsValidator : IValidateOptions<FulfillmentOptions>
{
    private static readonly TimeSpan LongestPaymentWait = TimeSpan.FromDays(30);

    public ValidateOptionsResult Validate(string? name, FulfillmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.PaymentConfirmationTimeout <= TimeSpan.Zero || options.PaymentConfirmationTimeout > LongestPaymentWait)
        {
            failures.Add($"Fulfillment:PaymentConfirmationTimeout must be between 00:00:00.001 and {LongestPaymentWait:c}; it is {options.PaymentConfirmationTimeout:c}.");
        }

        var retry = options.ActivityRetry;
        if (retry is null)
        {
            failures.Add("Fulfillment:ActivityRetry must not be null.");
            return ValidateOptionsResult.Fail(failures);
        }

        if (retry.MaxAttempts is < 1 or > 20)
        {
            failures.Add($"Fulfillment:ActivityRetry:MaxAttempts must be between 1 and 20; it is {retry.MaxAttempts}.");
        }

        if (retry.FirstRetryInterval <= TimeSpan.Zero)
        {
            failures.Add($"Fulfillment:ActivityRetry:FirstRetryInterval must be positive; it is {retry.FirstRetryInterval:c}.");
        }

        if (retry.BackoffCoefficient < 1 || double.IsNaN(retry.BackoffCoefficient))
        {
            failures.Add($"Fulfillment:ActivityRetry:BackoffCoefficient must be at least 1; it is {retry.BackoffCoefficient}.");
        }

        if (retry.MaxRetryInterval < retry.FirstRetryInterval)
        {
            failures.Add($"Fulfillment:ActivityRetry:MaxRetryInterval ({retry.MaxRetryInterval:c}) must not be shorter than FirstRetryInterval ({retry.FirstRetryInterval:c}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

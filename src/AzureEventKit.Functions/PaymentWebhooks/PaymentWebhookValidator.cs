using System.Text.RegularExpressions;

namespace AzureEventKit.Functions.PaymentWebhooks;

/// <summary>Checks a signed <see cref="PaymentWebhookEvent"/> and names every invalid field.</summary>
public static partial class PaymentWebhookValidator
{
    public static IReadOnlyDictionary<string, string[]> Validate(PaymentWebhookEvent? webhookEvent)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (webhookEvent is null)
        {
            errors["body"] = ["The body must be a JSON object."];
            return errors;
        }

        // The event id becomes a table key, so it is held to the key rules.
        Check(errors, "id", webhookEvent.Id, KeyPattern(), "1 to 128 letters, digits, '-', '_' or '.'");
        Check(errors, "orderId", webhookEvent.OrderId, KeyPattern(), "1 to 128 letters, digits, '-', '_' or '.'");
        Check(errors, "paymentId", webhookEvent.PaymentId, KeyPattern(), "1 to 128 letters, digits, '-', '_' or '.'");
        if (webhookEvent.Type is not (PaymentWebhookEvent.ApprovedType or PaymentWebhookEvent.DeclinedType))
        {
            errors["type"] = [$"type must be '{PaymentWebhookEvent.ApprovedType}' or '{PaymentWebhookEvent.DeclinedType}'."];
        }

        if (webhookEvent.Reason is { Length: > 500 })
        {
            errors["reason"] = ["reason may be at most 500 characters."];
        }

        return errors;
    }

    private static void Check(Dictionary<string, string[]> errors, string field, string? value, Regex pattern, string allowed)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors[field] = [$"{field} is required."];
        }
        else if (!pattern.IsMatch(value))
        {
            errors[field] = [$"{field} must be {allowed}."];
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,128}$")]
    private static partial Regex KeyPattern();
}

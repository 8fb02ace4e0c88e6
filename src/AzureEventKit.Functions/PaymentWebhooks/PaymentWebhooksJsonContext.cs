using System.Text.Json;
using System.Text.Json.Serialization;

namespace AzureEventKit.Functions.PaymentWebhooks;

/// <summary>JSON for the webhook body.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PaymentWebhookEvent))]
public sealed partial class PaymentWebhooksJsonContext : JsonSerializerContext;

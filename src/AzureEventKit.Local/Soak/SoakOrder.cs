using System.Diagnostics;

namespace AzureEventKit.Local.Soak;

/// <summary>One order the soak placed and follows.</summary>
internal sealed class SoakOrder(int number)
{
    public int Number { get; } = number;

    public SoakOrderKind Kind { get; } = SoakOrderKind.For(number);

    public string Customer => (Kind.Payment == SoakPayment.DeclinedByGateway ? "declined-soak-" : "soak-") + Number.ToString("00000", System.Globalization.CultureInfo.InvariantCulture);

    public string? Id { get; set; }

    /// <summary>Order ids other POSTs of the same Idempotency-Key answered (duplicates and retries); all must equal <see cref="Id"/>.</summary>
    public List<string> EchoedIds { get; } = [];

    public string Status { get; set; } = "Queued";

    public string? Reason { get; set; }

    public bool WebhookSent { get; set; }

    public Stopwatch Clock { get; } = new();

    /// <summary>How long after its first POST the API answered with the order's id (retries included); null when it never did.</summary>
    public TimeSpan? AcceptedAfter { get; set; }

    public bool IsFinished => Status is "Completed" or "Failed" or "NeedsAttention";
}

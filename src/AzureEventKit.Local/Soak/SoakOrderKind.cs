namespace AzureEventKit.Local.Soak;

/// <summary>How one soak order is placed and paid; mixed deterministically by the order's number.</summary>
internal sealed record SoakOrderKind(bool IdempotencyKey, bool Duplicated, bool Retried, SoakPayment Payment)
{
    public static SoakOrderKind For(int number) => new(
        IdempotencyKey: number % 4 != 0,
        Duplicated: number % 4 != 0 && number % 5 == 1,
        Retried: number % 4 != 0 && number % 7 == 2,
        Payment: (number % 20) switch
        {
            3 => SoakPayment.Late,
            7 => SoakPayment.DeclinedByWebhook,
            11 => SoakPayment.DeclinedByGateway,
            _ => SoakPayment.Approved,
        });
}

/// <summary>What happens to an order's payment.</summary>
internal enum SoakPayment
{
    /// <summary>The provider approves it through the webhook once it is authorized.</summary>
    Approved,

    /// <summary>The provider's approval comes after the payment timeout: the order fails, the authorization is voided, nothing is captured.</summary>
    Late,

    /// <summary>The provider declines it through the webhook.</summary>
    DeclinedByWebhook,

    /// <summary>The gateway declines the authorization (the stand-in declines customers named <c>declined-…</c>).</summary>
    DeclinedByGateway,
}

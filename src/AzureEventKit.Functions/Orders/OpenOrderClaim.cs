namespace AzureEventKit.Functions.Orders;

/// <summary>Whether an order got one of its customer's open-order places.</summary>
/// <param name="IsClaimed">True when the order holds a place (now, or from an earlier attempt with the same order id).</param>
/// <param name="RetryAfter">When refused: how long the customer should wait before trying again.</param>
public sealed record OpenOrderClaim(bool IsClaimed, TimeSpan RetryAfter)
{
    public static OpenOrderClaim Claimed { get; } = new(true, TimeSpan.Zero);

    public static OpenOrderClaim Refused(TimeSpan retryAfter) => new(false, retryAfter);
}

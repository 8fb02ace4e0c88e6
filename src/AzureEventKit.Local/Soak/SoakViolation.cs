namespace AzureEventKit.Local.Soak;

/// <summary>One broken invariant: which, and the evidence (an order id, a SKU, a subscription).</summary>
internal sealed record SoakViolation(string Invariant, string Detail);

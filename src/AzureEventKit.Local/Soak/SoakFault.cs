namespace AzureEventKit.Local.Soak;

/// <summary>One scripted fault: when it fires (the share of orders placed), what it is, and how it is injected.</summary>
internal sealed record SoakFault(double AtShare, string Name, string Description, Func<LocalStack, CancellationToken, Task> InjectAsync);

namespace EventKit.Functions.Testing.Startup;

/// <summary>One reason the host refused to start.</summary>
/// <param name="Kind">What kind of problem it is.</param>
/// <param name="Subject">The function, setting or host.json path at fault, for example <c>PlaceOrder</c> or <c>extensions.serviceBus.maxConcurrentCalls</c>.</param>
/// <param name="Message">What is wrong and what the real host or service accepts.</param>
public sealed record StartupProblem(StartupProblemKind Kind, string Subject, string Message);

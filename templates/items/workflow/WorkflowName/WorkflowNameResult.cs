namespace FunctionsNamespace.WorkflowName;

/// <summary>How a WorkflowName workflow ended.</summary>
public sealed record WorkflowNameResult(string Id, string Outcome);

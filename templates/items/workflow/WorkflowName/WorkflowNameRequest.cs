namespace FunctionsNamespace.WorkflowName;

/// <summary>What starts a WorkflowName workflow; <see cref="Id"/> is also the orchestration instance id.</summary>
public sealed record WorkflowNameRequest(string Id);

namespace FunctionsNamespace.WorkflowName;

/// <summary>
/// The body of <c>202 Accepted</c> from <see cref="StartWorkflowName"/>: the instance id, and whether this request
/// started it (<see langword="false"/> when a running or finished instance already had the id).
/// </summary>
public sealed record WorkflowNameStarted(string InstanceId, bool Started);

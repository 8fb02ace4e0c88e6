using Microsoft.Extensions.Logging;

namespace FunctionsNamespace.WorkflowName;

internal static partial class WorkflowNameLogs
{
    [LoggerMessage(Level = LogLevel.Information, Message = "WorkflowName {Id} finished: {Outcome}")]
    public static partial void Finished(ILogger logger, string id, string outcome);
}

using Dataspace.Sdk.Policy;
using Microsoft.Extensions.Logging;

namespace Dataspace.Policies.Evaluation;

public sealed partial class CompiledPolicy
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information,
        Message = "Policy {PolicyUid} {Decision} in scope {Scope}: {Action} on {Target} by {Party}. {Reason}")]
    private static partial void LogNotPermitted(ILogger logger, string policyUid, PolicyDecision decision, PolicyScope scope, string action, string target, string party, string reason);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Debug,
        Message = "Policy {PolicyUid} permits in scope {Scope}: {Action} on {Target} by {Party}. {Reason}")]
    private static partial void LogPermitted(ILogger logger, string policyUid, PolicyScope scope, string action, string target, string party, string reason);
}

using System.Text.Json;
using Dataspace.Connector.Protocol;
using Dataspace.Sdk.Identity;
using Microsoft.Extensions.Logging;

namespace Dataspace.Connector.Transfer;

/// <summary>The transfer's stored steps: work a transition implies, run by whichever instance claims it.</summary>
public sealed partial class TransferManager : IProcessStepHandler
{
    private const string StartStep = "start";
    private const string ReactStep = "react";

    /// <inheritdoc/>
    public async Task<bool> RunStepAsync(ProcessStep processStep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(processStep);
        // The transfer's steps leave their completion to the worker (a commit of its own).
        await (processStep.Name switch
        {
            // A processStep derived by the schema migration carries no caller: the consumer as the process knows it.
            StartStep => StartAsync(processStep.ProcessId, processStep.Argument is { } caller ? JsonSerializer.Deserialize<VerifiedCaller>(caller)! : null, cancellationToken),
            ReactStep => ReactAfterAsync(processStep.ProcessId, Enum.TryParse<TransferStep>(processStep.Argument, out var after)
                ? after
                : throw new InvalidOperationException($"transfer processStep '{processStep.Name}' of {processStep.ProcessId} names no state-machine processStep ('{processStep.Argument}')"), cancellationToken),
            _ => throw new InvalidOperationException($"transfer processStep '{processStep.Name}' is unknown; expected {StartStep} or {ReactStep}"),
        }).ConfigureAwait(false);
        return false;
    }

    private static ProcessEffects Start(string id, VerifiedCaller caller) =>
        ProcessEffects.Then(new ProcessStep(Kind, id, StartStep) { Argument = JsonSerializer.Serialize(caller) });

    private static ProcessStep ReactAfter(string id, TransferStep step) => new(Kind, id, ReactStep) { Argument = step.ToString() };

    [LoggerMessage(Level = LogLevel.Error, Message = "Transfer {Id}: restarting its delivery after a restart failed")]
    private static partial void LogRedeliveryFailed(ILogger logger, string id, Exception exception);
}

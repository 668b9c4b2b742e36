using Dataspace.Connector.Protocol;

namespace Dataspace.Connector.Negotiation;

/// <summary>The negotiation's stored steps: work a transition implies, run by whichever instance claims it.</summary>
public sealed partial class NegotiationManager : IProcessStepHandler
{
    private const string DecideStep = "decide";
    private const string FinalizeStep = "finalize";
    private const string ReactStep = "react";
    private const string TerminateStep = "terminate";

    /// <inheritdoc/>
    public Task RunStepAsync(ProcessStep processStep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(processStep);
        return processStep.Name switch
        {
            DecideStep => DecideAsync(processStep.ProcessId, StepOf(processStep), cancellationToken),
            FinalizeStep => FinalizeAsync(processStep.ProcessId, cancellationToken),
            ReactStep => ReactAsConsumerAsync(processStep.ProcessId, StepOf(processStep), cancellationToken),
            TerminateStep => TerminateAsync(processStep.ProcessId, processStep.Argument ?? "terminated by the reactions hook", cancellationToken),
            _ => throw new InvalidOperationException($"negotiation processStep '{processStep.Name}' is unknown; expected {DecideStep}, {FinalizeStep}, {ReactStep} or {TerminateStep}"),
        };
    }

    private static NegotiationStep StepOf(ProcessStep step) =>
        Enum.TryParse<NegotiationStep>(step.Argument, out var value)
            ? value
            : throw new InvalidOperationException($"negotiation step '{step.Name}' of {step.ProcessId} names no state-machine step ('{step.Argument}')");

    private static ProcessEffects Then(string id, string name, string? argument = null, ProcessEffects? effects = null) =>
        (effects ?? ProcessEffects.None) with { Steps = [new ProcessStep(Kind, id, name) { Argument = argument }] };

    private static ProcessEffects Decide(string id, NegotiationStep step) => Then(id, DecideStep, step.ToString());

    private static ProcessEffects ReactAsConsumer(string id, NegotiationStep step) => Then(id, ReactStep, step.ToString());
}

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
    public async Task<bool> RunStepAsync(ProcessStep processStep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(processStep);
        switch (processStep.Name)
        {
            // The provider's decision and finalization complete their step with the transition they make.
            case DecideStep:
                return await DecideAsync(processStep.ProcessId, StepOf(processStep), processStep, cancellationToken).ConfigureAwait(false);
            case FinalizeStep:
                return await FinalizeAsync(processStep.ProcessId, processStep, cancellationToken).ConfigureAwait(false);
            case ReactStep:
                await ReactAsConsumerAsync(processStep.ProcessId, StepOf(processStep), cancellationToken).ConfigureAwait(false);
                return false;
            case TerminateStep:
                await TerminateAsync(processStep.ProcessId, processStep.Argument ?? "terminated by the reactions hook", cancellationToken).ConfigureAwait(false);
                return false;
            default:
                throw new InvalidOperationException($"negotiation processStep '{processStep.Name}' is unknown; expected {DecideStep}, {FinalizeStep}, {ReactStep} or {TerminateStep}");
        }
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

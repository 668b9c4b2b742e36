namespace Dataspace.Connector.Protocol;

/// <summary>Runs the stored steps (<see cref="ProcessStep"/>) of one kind of process, on whichever instance claimed them.</summary>
/// <remarks>
/// A step can run more than once (an instance may stop after the work but before the step is completed), and steps of one
/// process can run at once on different instances: a handler re-reads the process and moves it only from the state it saw.
/// </remarks>
public interface IProcessStepHandler
{
    /// <summary><c>negotiation</c> or <c>transfer</c>.</summary>
    string ProcessKind { get; }

    /// <summary>
    /// Does the step; throws to have it tried again later. True when the change it made removed the step already
    /// (<see cref="ProcessEffects.CompletedStep"/>), so the worker has nothing left to complete.
    /// </summary>
    Task<bool> RunStepAsync(ProcessStep processStep, CancellationToken cancellationToken);
}

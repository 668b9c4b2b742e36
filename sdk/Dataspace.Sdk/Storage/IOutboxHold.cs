namespace Dataspace.Sdk.Storage;

/// <summary>
/// Holds back the messages (and process steps) a DSP request causes until the answer to that request is sent: a peer must see our answer
/// before any message it caused. The host implements it; storage providers read it when they store messages.
/// </summary>
/// <remarks>
/// A provider stores a process change's messages and steps while <see cref="AnswerPending"/> is not null so that no instance can
/// claim them until that task completes (e.g. stored claimed by this instance, released when the task completes). Holds
/// are not durable: after a crash, a message whose answer was never sent is still delivered.
/// </remarks>
public interface IOutboxHold
{
    /// <summary>Completes once the answer to the DSP request handled by the calling flow is sent; null outside a request or once it is sent.</summary>
    Task? AnswerPending { get; }

    /// <summary>
    /// Completes once the process step run by the calling flow (this instance's worker) has ended; null outside a step.
    /// Nothing must be held back for it: a provider may store what the step causes claimed by this instance and hand it to
    /// this instance's worker when the task completes, instead of waking every instance to claim it.
    /// </summary>
    Task? StepRunning => null;
}

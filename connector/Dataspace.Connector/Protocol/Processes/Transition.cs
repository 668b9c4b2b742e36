namespace Dataspace.Connector.Protocol.Processes;

/// <summary>One entry of a <see cref="ProcessTransitions{TState,TMessage}"/> table: what a message does in a state (<c>default</c> is illegal).</summary>
/// <param name="Kind">Whether the message moves the process, repeats what it did, or is illegal.</param>
/// <param name="To">The state the message leads to (for <see cref="TransitionKind.Move"/>); the current state for a repeat.</param>
public readonly record struct Transition<TState>(TransitionKind Kind, TState To)
    where TState : struct, Enum
{
    /// <summary>Whether the message moves the process.</summary>
    public bool IsMove => Kind == TransitionKind.Move;

    /// <summary>Whether the message is a repeat, answered as before.</summary>
    public bool IsRepeat => Kind == TransitionKind.Repeat;

    /// <summary>Whether the message is not allowed in the state.</summary>
    public bool IsIllegal => Kind == TransitionKind.Illegal;
}

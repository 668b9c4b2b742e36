namespace Dataspace.Connector.Protocol.Processes;

/// <summary>What a message does to a process in a given state.</summary>
public enum TransitionKind
{
    /// <summary>The message is not allowed in the state: answered with the DSP error, nothing stored.</summary>
    Illegal = 0,

    /// <summary>The message moves the process to the table's next state.</summary>
    Move = 1,

    /// <summary>The process is already where the message leads (or past it): the message was sent again and is answered as before, with no new effects.</summary>
    Repeat = 2,
}

using System.Collections.Frozen;

namespace Dataspace.Connector.Protocol.Processes;

/// <summary>
/// A process kind's state machine as data: for each state (null before the process exists), message kind and sending
/// role, whether the message moves the process (and where), is a repeat, or is illegal. Everything not in the table is illegal.
/// </summary>
/// <remarks>Immutable once built; shared by every request.</remarks>
internal sealed class ProcessTransitions<TState, TMessage>
    where TState : struct, Enum
    where TMessage : struct, Enum
{
    private readonly FrozenDictionary<(TState? From, TMessage Message, ProcessRole Sender), Transition<TState>> _entries;
    private readonly Func<TState, string> _name;

    private ProcessTransitions(Dictionary<(TState?, TMessage, ProcessRole), Transition<TState>> entries, Func<TState, string> name)
    {
        _entries = entries.ToFrozenDictionary();
        _name = name;
    }

    /// <summary>Every entry of the table (illegal combinations are absent).</summary>
    public IEnumerable<(TState? From, TMessage Message, ProcessRole Sender, Transition<TState> Transition)> Entries =>
        _entries.Select(e => (e.Key.From, e.Key.Message, e.Key.Sender, e.Value));

    /// <summary>What <paramref name="message"/> sent by <paramref name="sender"/> does to a process in state <paramref name="from"/> (null: no process yet).</summary>
    public Transition<TState> Find(TState? from, TMessage message, ProcessRole sender) =>
        _entries.TryGetValue((from, message, sender), out var transition) ? transition : default;

    /// <summary>The states in which the message moves the process, for an error that says what was expected (e.g. <c>REQUESTED or ACCEPTED</c>).</summary>
    public string Expected(TMessage message, ProcessRole sender)
    {
        var states = _entries
            .Where(e => e.Key.Message.Equals(message) && e.Key.Sender == sender && e.Value.IsMove && e.Key.From is not null)
            .Select(e => e.Key.From!.Value)
            .Order()
            .Select(_name)
            .ToList();
        return states.Count switch
        {
            0 => "no state (the message starts a process)",
            1 => states[0],
            _ => string.Join(", ", states[..^1]) + " or " + states[^1],
        };
    }

    /// <summary>Builds a table; a combination given twice is a bug and throws.</summary>
    public sealed class Builder(Func<TState, string> name)
    {
        private readonly Dictionary<(TState?, TMessage, ProcessRole), Transition<TState>> _entries = [];

        /// <summary>The message, sent by <paramref name="sender"/>, starts a process in state <paramref name="to"/>.</summary>
        public Builder Starts(TMessage message, ProcessRole sender, TState to) => Add(null, message, [sender], new(TransitionKind.Move, to));

        /// <summary>The message, sent by any of <paramref name="senders"/>, moves a process in any of <paramref name="from"/> to <paramref name="to"/>.</summary>
        public Builder Moves(TMessage message, ProcessRole[] senders, TState[] from, TState to)
        {
            foreach (var state in from)
            {
                Add(state, message, senders, new(TransitionKind.Move, to));
            }

            return this;
        }

        /// <summary>The message, sent by any of <paramref name="senders"/> to a process in any of <paramref name="states"/>, is a repeat: answered as before.</summary>
        public Builder Repeats(TMessage message, ProcessRole[] senders, params TState[] states)
        {
            foreach (var state in states)
            {
                Add(state, message, senders, new(TransitionKind.Repeat, state));
            }

            return this;
        }

        /// <summary>The finished, immutable table.</summary>
        public ProcessTransitions<TState, TMessage> Build() => new(_entries, name);

        private Builder Add(TState? from, TMessage message, ProcessRole[] senders, Transition<TState> transition)
        {
            foreach (var sender in senders)
            {
                if (!_entries.TryAdd((from, message, sender), transition))
                {
                    throw new InvalidOperationException($"{message} from the {sender} in state {from?.ToString() ?? "(none)"} is in the table twice");
                }
            }

            return this;
        }
    }
}

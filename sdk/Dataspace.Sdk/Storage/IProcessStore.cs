namespace Dataspace.Sdk.Storage;

/// <summary>
/// A table of protocol processes (negotiations, transfers): a change is stored together with its <see cref="ProcessEffects"/>
/// in one transaction, and a transition applies only while the process is still in the state the caller saw.
/// </summary>
/// <typeparam name="TRecord">The process record.</typeparam>
/// <typeparam name="TState">Its state enumeration.</typeparam>
/// <remarks>
/// Called concurrently, possibly by several connector instances sharing one database: <see cref="TransitionAsync"/> is the
/// only guard against two instances moving the same process, so it must compare the state and write in one statement or
/// transaction. Messages stored while a DSP request is handled stay back until its answer is sent (<see cref="IOutboxHold"/>).
/// </remarks>
public interface IProcessStore<TRecord, TState>
    where TRecord : class
    where TState : struct, Enum
{
    /// <summary>
    /// Stores a new process with its effects; returns the stored one, which is the existing one (and nothing is stored)
    /// when the counter-party repeats its request (same role, counter-party and peer process id).
    /// </summary>
    Task<(TRecord Record, bool Created)> CreateAsync(TRecord record, ProcessEffects effects, CancellationToken cancellationToken);

    /// <summary>
    /// Moves a process from <paramref name="expectedState"/> to <paramref name="updated"/> (state, peer pid, error, data and
    /// time), with its effects; false, and nothing stored, when the process is in another state or unknown.
    /// </summary>
    Task<bool> TransitionAsync(TRecord updated, TState expectedState, ProcessEffects effects, CancellationToken cancellationToken);

    /// <summary>Records the peer's process id learnt from its answer, if none is known yet.</summary>
    Task SetPeerPidAsync(string id, string peerPid, CancellationToken cancellationToken);

    /// <summary>One process by our id, or null.</summary>
    Task<TRecord?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>A process by the counter-party's process id, or null.</summary>
    Task<TRecord?> FindByPeerAsync(ProcessRole role, string counterPartyId, string peerPid, CancellationToken cancellationToken);

    /// <summary>A page of processes, newest first (then by id), optionally filtered by role and state.</summary>
    Task<Page<TRecord>> ListAsync(PageRequest page, ProcessRole? role, TState? state, CancellationToken cancellationToken);

    /// <summary>Every process of one role in one state, oldest first (work left over from before a restart).</summary>
    Task<IReadOnlyList<TRecord>> InStateAsync(ProcessRole role, TState state, CancellationToken cancellationToken);

    /// <summary>
    /// How many processes of one role a counter-party has with us that it knows of (peer process id known) and that are not
    /// in one of <paramref name="finalStates"/>.
    /// </summary>
    Task<long> CountOpenAsync(ProcessRole role, string counterPartyId, IReadOnlyCollection<TState> finalStates, CancellationToken cancellationToken);
}

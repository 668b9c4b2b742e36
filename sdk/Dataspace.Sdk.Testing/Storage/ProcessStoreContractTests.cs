using Dataspace.Sdk.Storage;

namespace Dataspace.Sdk.Testing.Storage;

/// <summary>What every <see cref="IProcessStore{TRecord, TState}"/> must do: creation, guarded transitions, atomic effects, finders, paging.</summary>
/// <typeparam name="TRecord">The process record.</typeparam>
/// <typeparam name="TState">Its states.</typeparam>
public abstract class ProcessStoreContractTests<TRecord, TState> : StoreContractTests
    where TRecord : class
    where TState : struct, Enum
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>The first state of a process.</summary>
    protected abstract TState Initial { get; }

    /// <summary>A state a process in <see cref="Initial"/> may move to.</summary>
    protected abstract TState Later { get; }

    /// <summary>The store of the storage.</summary>
    protected abstract IProcessStore<TRecord, TState> StoreOf(StorageUnderTest storage);

    /// <summary>A new process record.</summary>
    protected abstract TRecord NewRecord(string? id = null, ProcessRole role = ProcessRole.Provider, TState? state = null, string? peerPid = null,
        string counterPartyId = "did:web:peer", DateTimeOffset? createdAt = null);

    /// <summary>The record moved to <paramref name="state"/> at <paramref name="at"/>, with <paramref name="reason"/>.</summary>
    protected abstract TRecord Moved(TRecord record, TState state, DateTimeOffset at, string? reason = null);

    /// <summary>A record's id.</summary>
    protected abstract string IdOf(TRecord record);

    /// <summary>A record's state.</summary>
    protected abstract TState StateOf(TRecord record);

    /// <summary>A record's peer process id.</summary>
    protected abstract string? PeerPidOf(TRecord record);

    /// <summary>The kind of process messages name.</summary>
    protected abstract string Kind { get; }

    /// <summary>A created process reads back equal to what was stored, and its message waits in the outbox.</summary>
    public async Task Create_ThenGet_ReturnsTheRecordAndStoresItsMessage()
    {
        await using var storage = await OpenAsync();
        var record = NewRecord(peerPid: "peer-1");

        var (stored, created) = await StoreOf(storage).CreateAsync(record, ProcessEffects.Send(StoreTestData.Message(IdOf(record), kind: Kind)), None);

        Check.True(created, "a new process is created");
        Check.Equal(IdOf(record), IdOf(stored), "the returned record's id");
        var read = Check.NotNull(await StoreOf(storage).GetAsync(IdOf(record), None), "the created process");
        Check.Equal(Json(record), Json(read), "the process read back");
        Check.True(await storage.Outbox.IsPendingAsync(IdOf(record), "TestMessage", None), "the message stored with the creation waits in the outbox");
        Check.Null(await StoreOf(storage).GetAsync("unknown", None), "an unknown process");
    }

    /// <summary>The counter-party repeating its request (same role, counter-party and peer pid) gets the existing process; nothing new is stored.</summary>
    public async Task Create_RepeatedByPeerPid_ReturnsTheExistingProcess()
    {
        await using var storage = await OpenAsync();
        var first = NewRecord(peerPid: "peer-repeat");
        await StoreOf(storage).CreateAsync(first, ProcessEffects.None, None);
        var again = NewRecord(peerPid: "peer-repeat");

        var (stored, created) = await StoreOf(storage).CreateAsync(again, ProcessEffects.Send(StoreTestData.Message(IdOf(again), kind: Kind)), None);

        Check.True(!created, "a repeated request creates nothing");
        Check.Equal(IdOf(first), IdOf(stored), "the process returned for a repeated request");
        Check.Null(await StoreOf(storage).GetAsync(IdOf(again), None), "the repeated request's record");
        Check.True(!await storage.Outbox.IsPendingAsync(IdOf(again), null, None), "the repeated request's message is not stored");
        var byPeer = Check.NotNull(await StoreOf(storage).FindByPeerAsync(ProcessRole.Provider, "did:web:peer", "peer-repeat", None), "the process found by peer pid");
        Check.Equal(IdOf(first), IdOf(byPeer), "the process found by peer pid");
        Check.Null(await StoreOf(storage).FindByPeerAsync(ProcessRole.Consumer, "did:web:peer", "peer-repeat", None), "the process found by peer pid in the other role");
        Check.Null(await StoreOf(storage).FindByPeerAsync(ProcessRole.Provider, "did:web:other", "peer-repeat", None), "the process found by peer pid of another counter-party");
    }

    /// <summary>A transition moves the process and stores its message in the same step.</summary>
    public async Task Transition_FromTheExpectedState_MovesAndStoresTheMessage()
    {
        await using var storage = await OpenAsync();
        var record = NewRecord();
        await StoreOf(storage).CreateAsync(record, ProcessEffects.None, None);

        var moved = await StoreOf(storage).TransitionAsync(Moved(record, Later, StoreTestData.T0.AddSeconds(1), "why"), Initial,
            ProcessEffects.Send(StoreTestData.Message(IdOf(record), "Moved", Kind)), None);

        Check.True(moved, "a transition from the stored state applies");
        var read = Check.NotNull(await StoreOf(storage).GetAsync(IdOf(record), None), "the moved process");
        Check.Equal(Later, StateOf(read), "the state after the transition");
        Check.Equal(Json(Moved(record, Later, StoreTestData.T0.AddSeconds(1), "why")), Json(read), "the process after the transition");
        Check.True(await storage.Outbox.IsPendingAsync(IdOf(record), "Moved", None), "the transition's message waits in the outbox");
    }

    /// <summary>A transition expecting a state the process is no longer in is refused, and none of its effects are stored.</summary>
    public async Task Transition_WithAStaleExpectedState_IsRefusedAndStoresNothing()
    {
        await using var storage = await OpenAsync();
        var record = NewRecord();
        await StoreOf(storage).CreateAsync(record, ProcessEffects.None, None);
        await StoreOf(storage).TransitionAsync(Moved(record, Later, StoreTestData.T0.AddSeconds(1)), Initial, ProcessEffects.None, None);

        var moved = await StoreOf(storage).TransitionAsync(Moved(record, Later, StoreTestData.T0.AddSeconds(2), "late"), Initial,
            ProcessEffects.Send(StoreTestData.Message(IdOf(record), "Late", Kind)), None);

        Check.True(!moved, "a transition from a state the process left is refused");
        var read = Check.NotNull(await StoreOf(storage).GetAsync(IdOf(record), None), "the process");
        Check.Equal(Json(Moved(record, Later, StoreTestData.T0.AddSeconds(1))), Json(read), "the process after a refused transition");
        Check.True(!await storage.Outbox.IsPendingAsync(IdOf(record), "Late", None), "the refused transition's message is not stored");
        Check.True(!await StoreOf(storage).TransitionAsync(Moved(NewRecord(id: "unknown"), Later, StoreTestData.T0), Initial, ProcessEffects.None, None),
            "a transition of an unknown process is refused");
    }

    /// <summary>Discarding withdraws the process's waiting messages (all, or of the named types) before the new ones are stored.</summary>
    public async Task Transition_DiscardingPendingMessages_WithdrawsThemBeforeStoringTheNewOnes()
    {
        await using var storage = await OpenAsync();
        var record = NewRecord();
        var other = NewRecord();
        await StoreOf(storage).CreateAsync(record, new ProcessEffects { Messages = [StoreTestData.Message(IdOf(record), "A", Kind), StoreTestData.Message(IdOf(record), "B", Kind)] }, None);
        await StoreOf(storage).CreateAsync(other, ProcessEffects.Send(StoreTestData.Message(IdOf(other), "A", Kind)), None);

        await StoreOf(storage).TransitionAsync(Moved(record, Later, StoreTestData.T0.AddSeconds(1)), Initial, new ProcessEffects { DiscardPendingTypes = ["A"] }, None);
        Check.True(!await storage.Outbox.IsPendingAsync(IdOf(record), "A", None), "the discarded type is withdrawn");
        Check.True(await storage.Outbox.IsPendingAsync(IdOf(record), "B", None), "other types stay");

        await StoreOf(storage).TransitionAsync(Moved(record, Initial, StoreTestData.T0.AddSeconds(2)), Later,
            new ProcessEffects { DiscardPending = true, Messages = [StoreTestData.Message(IdOf(record), "C", Kind)] }, None);
        Check.True(!await storage.Outbox.IsPendingAsync(IdOf(record), "B", None), "discarding all withdraws every earlier message");
        Check.True(await storage.Outbox.IsPendingAsync(IdOf(record), "C", None), "the transition's own message is stored after the discard");
        Check.True(await storage.Outbox.IsPendingAsync(IdOf(other), "A", None), "another process's messages stay");
    }

    /// <summary>The peer pid is recorded once; a later one does not replace it.</summary>
    public async Task SetPeerPid_OnlyWhenUnknown()
    {
        await using var storage = await OpenAsync();
        var record = NewRecord();
        await StoreOf(storage).CreateAsync(record, ProcessEffects.None, None);

        await StoreOf(storage).SetPeerPidAsync(IdOf(record), "first", None);
        await StoreOf(storage).SetPeerPidAsync(IdOf(record), "second", None);

        Check.Equal("first", PeerPidOf((await StoreOf(storage).GetAsync(IdOf(record), None))!), "the peer pid");
    }

    /// <summary>Lists are newest first with the total of the filter; role and state filter; offset and limit page.</summary>
    public async Task List_PagesNewestFirstWithTheFilteredTotal()
    {
        await using var storage = await OpenAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var record = NewRecord(role: i % 2 == 0 ? ProcessRole.Provider : ProcessRole.Consumer, createdAt: StoreTestData.T0.AddMinutes(i));
            await StoreOf(storage).CreateAsync(record, ProcessEffects.None, None);
            ids.Add(IdOf(record));
        }

        var all = await StoreOf(storage).ListAsync(new PageRequest(0, 3), null, null, None);
        Check.Equal(5L, all.Total, "the total");
        Check.Sequence([ids[4], ids[3], ids[2]], all.Items.Select(IdOf), "the first page, newest first");
        var second = await StoreOf(storage).ListAsync(new PageRequest(3, 3), null, null, None);
        Check.Sequence([ids[1], ids[0]], second.Items.Select(IdOf), "the second page");
        var providers = await StoreOf(storage).ListAsync(new PageRequest(), ProcessRole.Provider, Initial, None);
        Check.Equal(3L, providers.Total, "the providers' total");
        Check.Sequence([ids[4], ids[2], ids[0]], providers.Items.Select(IdOf), "the providers");
        Check.Equal(0L, (await StoreOf(storage).ListAsync(new PageRequest(), null, Later, None)).Total, "processes in a state none is in");
    }

    /// <summary>Processes in a state are found oldest first; open processes a counter-party knows of are counted.</summary>
    public async Task InStateAndCountOpen_SeeTheStoredStates()
    {
        await using var storage = await OpenAsync();
        var older = NewRecord(peerPid: "p1", createdAt: StoreTestData.T0);
        var newer = NewRecord(peerPid: "p2", createdAt: StoreTestData.T0.AddMinutes(1));
        var unknownToPeer = NewRecord(createdAt: StoreTestData.T0.AddMinutes(2));
        var moved = NewRecord(peerPid: "p3", createdAt: StoreTestData.T0.AddMinutes(3));
        foreach (var record in new[] { newer, older, unknownToPeer, moved })
        {
            await StoreOf(storage).CreateAsync(record, ProcessEffects.None, None);
        }

        await StoreOf(storage).TransitionAsync(Moved(moved, Later, StoreTestData.T0.AddMinutes(4)), Initial, ProcessEffects.None, None);

        var waiting = await StoreOf(storage).InStateAsync(ProcessRole.Provider, Initial, None);
        Check.Sequence([IdOf(older), IdOf(newer), IdOf(unknownToPeer)], waiting.Select(IdOf), "the processes in the initial state, oldest first");
        Check.Equal(3L, await StoreOf(storage).CountOpenAsync(ProcessRole.Provider, "did:web:peer", [], None), "open processes the peer knows of");
        Check.Equal(2L, await StoreOf(storage).CountOpenAsync(ProcessRole.Provider, "did:web:peer", [Later], None), "open processes, the moved one final");
        Check.Equal(0L, await StoreOf(storage).CountOpenAsync(ProcessRole.Consumer, "did:web:peer", [], None), "open processes in the other role");
    }

    /// <summary>A comparable JSON form of a record.</summary>
    private protected static string Json(TRecord record) => System.Text.Json.JsonSerializer.Serialize(record, JsonOptions);

    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new(System.Text.Json.JsonSerializerDefaults.Web);
}

using Dataspace.Sdk.Storage;

namespace Dataspace.Sdk.Testing.Storage;

/// <summary>
/// What every store must do with process steps (<see cref="ProcessEffects.Steps"/>, <see cref="IOutboxStore.ClaimStepsAsync"/>):
/// stored with their change or not at all, claimed by one instance at a time, settled, held, and waking the worker.
/// </summary>
public abstract class ProcessStepStoreContractTests : StoreContractTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Later = DateTimeOffset.UtcNow.AddYears(1);

    /// <summary>A step stored with a creation or a transition is claimed once, with its name and argument, by the claimer.</summary>
    public async Task Steps_StoredWithTheChange_AreClaimedOnce()
    {
        await using var storage = await OpenAsync();
        var record = StoreTestData.Negotiation();
        await storage.Negotiations.CreateAsync(record, ProcessEffects.Then(StoreTestData.Step(record.Id, "decide", "Requested")), None);
        var moved = record with { State = NegotiationState.Accepted, UpdatedAt = StoreTestData.T0.AddSeconds(1) };
        Check.True(await storage.Negotiations.TransitionAsync(moved, NegotiationState.Requested, ProcessEffects.Then(StoreTestData.Step(record.Id, "decide", "Accepted")), None),
            "the transition applied");

        var claimed = await storage.Outbox.ClaimStepsAsync("instance-1", Later, 10, None);
        Check.Sequence(["decide:Requested", "decide:Accepted"], claimed.Select(s => $"{s.Name}:{s.Argument}"), "the steps claimed, oldest first");
        Check.True(claimed.All(s => s.ProcessId == record.Id && s.ProcessKind == "negotiation" && s.ClaimedBy == "instance-1" && s.Id != 0 && s.Attempts == 0),
            "claimed steps name their process, kind and claimer, carry their store id and no attempts");
        Check.Equal(0, (await storage.Outbox.ClaimStepsAsync("instance-2", Later, 10, None)).Count, "steps claimed again before they are settled");
        Check.Equal(0, (await storage.Outbox.ClaimAsync("instance-2", Later, 10, None)).Count, "a step claimed as an outbox message");
    }

    /// <summary>A stale transition, a repeated creation and a change whose agreement fails store none of their steps.</summary>
    public async Task Steps_OfAChangeNotApplied_AreNotStored()
    {
        await using var storage = await OpenAsync();
        var record = StoreTestData.Negotiation(peerPid: StoreTestData.NewId("peer"));
        await storage.Negotiations.CreateAsync(record, ProcessEffects.None, None);

        var stale = record with { State = NegotiationState.Agreed };
        Check.True(!await storage.Negotiations.TransitionAsync(stale, NegotiationState.Offered, ProcessEffects.Then(StoreTestData.Step(record.Id, "stale")), None),
            "a transition from a state the process is not in");
        var again = StoreTestData.Negotiation(peerPid: record.PeerPid);
        var (_, created) = await storage.Negotiations.CreateAsync(again, ProcessEffects.Then(StoreTestData.Step(again.Id, "repeat")), None);
        Check.True(!created, "a second negotiation for the same peer pid");

        var taken = StoreTestData.NewId("agreement");
        var other = StoreTestData.Negotiation();
        await storage.Negotiations.CreateAsync(other, ProcessEffects.None, None);
        Check.True(await storage.Negotiations.TransitionAsync(other with { State = NegotiationState.Agreed, AgreementId = taken }, NegotiationState.Requested,
            new ProcessEffects { Agreement = StoreTestData.Agreement(other.Id, id: taken) }, None), "the transition storing the first agreement");
        var third = StoreTestData.Negotiation();
        await storage.Negotiations.CreateAsync(third, ProcessEffects.None, None);
        await Check.ThrowsAsync<Exception>(() => storage.Negotiations.TransitionAsync(third with { State = NegotiationState.Agreed, AgreementId = taken }, NegotiationState.Requested,
            new ProcessEffects { Agreement = StoreTestData.Agreement(third.Id, id: taken), Steps = [StoreTestData.Step(third.Id, "finalize")] }, None),
            "a transition storing an agreement whose id is taken");

        Check.Sequence([], (await storage.Outbox.ClaimStepsAsync("instance-1", Later, 10, None)).Select(s => s.Name), "steps of changes that were not applied");
        Check.Equal(NegotiationState.Requested, (await storage.Negotiations.GetAsync(third.Id, None))!.State, "the state after the failed transition");
    }

    /// <summary>Four instances claiming at once never get the same step, and together get all of them.</summary>
    public async Task ClaimSteps_Concurrently_NeverHandsAStepToTwoClaimers()
    {
        await using var storage = await OpenAsync();
        for (var i = 0; i < 40; i++)
        {
            var record = StoreTestData.Transfer();
            await storage.Transfers.CreateAsync(record, ProcessEffects.Then(StoreTestData.Step(record.Id, "start", kind: "transfer")), None);
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => storage.Outbox.ClaimStepsAsync("instance-" + i, Later, 15, None))));

        var ids = claims.SelectMany(c => c.Select(s => s.Id)).ToList();
        Check.Equal(ids.Count, ids.Distinct().Count(), "steps claimed by more than one instance");
        Check.Equal(40, ids.Count, "steps claimed by the four instances together");
    }

    /// <summary>Only due steps are claimed; a rescheduled one is released, counted, and claimable when due; a completed one is gone.</summary>
    public async Task RescheduleStep_ReleasesTheClaimUntilDue_CompleteRemovesIt()
    {
        await using var storage = await OpenAsync();
        var now = DateTimeOffset.UtcNow;
        var record = StoreTestData.Negotiation(createdAt: now);
        await storage.Negotiations.CreateAsync(record, ProcessEffects.Then(StoreTestData.Step(record.Id)), None);
        Check.Equal(0, (await storage.Outbox.ClaimStepsAsync("instance-1", now.AddHours(-1), 10, None)).Count, "steps claimed before they are due");
        var claimed = (await storage.Outbox.ClaimStepsAsync("instance-1", Later, 10, None)).Single();

        await storage.Outbox.RescheduleStepAsync(claimed, now.AddHours(1), "policy source unavailable", None);
        Check.Equal(0, (await storage.Outbox.ClaimStepsAsync("instance-2", now.AddMinutes(1), 10, None)).Count, "a step rescheduled for later, claimed now");
        var again = (await storage.Outbox.ClaimStepsAsync("instance-2", now.AddHours(2), 10, None)).Single();
        Check.Equal(claimed.Id, again.Id, "the rescheduled step");
        Check.Equal(1, again.Attempts, "the failed attempts counted");
        Check.Equal("instance-2", again.ClaimedBy, "the new claimer");

        await storage.Outbox.CompleteStepAsync(again, None);
        await storage.Outbox.RescheduleStepAsync(again, now, "a late failure report", None);
        Check.Equal(0, (await storage.Outbox.ClaimStepsAsync("instance-1", Later, 10, None)).Count, "a completed step claimed again");
    }

    /// <summary>
    /// A claimed step named by a transition's <see cref="ProcessEffects.CompletedStep"/> is removed with it; a transition
    /// that does not apply leaves the step as it was, for the worker to settle.
    /// </summary>
    public async Task CompletedStep_IsRemovedWithTheTransitionOnly()
    {
        await using var storage = await OpenAsync();
        var now = DateTimeOffset.UtcNow;
        var record = StoreTestData.Negotiation(createdAt: now);
        await storage.Negotiations.CreateAsync(record, ProcessEffects.Then(StoreTestData.Step(record.Id, "decide", "Requested")), None);
        var claimed = (await storage.Outbox.ClaimStepsAsync("instance-1", Later, 10, None)).Single();
        var agreed = record with { State = NegotiationState.Agreed, UpdatedAt = now.AddSeconds(1) };

        Check.True(!await storage.Negotiations.TransitionAsync(agreed, NegotiationState.Offered, new ProcessEffects { CompletedStep = claimed }, None),
            "a transition from a state the process is not in");
        await storage.Outbox.RescheduleStepAsync(claimed, now, "the transition did not apply", None);
        var again = (await storage.Outbox.ClaimStepsAsync("instance-1", Later, 10, None)).Single();
        Check.Equal(claimed.Id, again.Id, "the step of the transition that did not apply");

        Check.True(await storage.Negotiations.TransitionAsync(agreed, NegotiationState.Requested, new ProcessEffects { CompletedStep = again, Steps = [StoreTestData.Step(record.Id, "finalize")] }, None),
            "the transition completing the step");
        await storage.Outbox.RescheduleStepAsync(again, now, "a late failure report", None);
        Check.Sequence(["finalize"], (await storage.Outbox.ClaimStepsAsync("instance-2", Later, 10, None)).Select(s => s.Name),
            "the steps left after the transition that completed one and stored another");
        Check.Equal(NegotiationState.Agreed, (await storage.Negotiations.GetAsync(record.Id, None))!.State, "the state after the transition");
    }

    /// <summary>A step scheduled on its own is claimable when due.</summary>
    public async Task ScheduleStep_IsClaimableWhenDue()
    {
        await using var storage = await OpenAsync();
        var now = DateTimeOffset.UtcNow;
        await storage.Outbox.ScheduleStepAsync(StoreTestData.Step("tp-1", "react", "Started", "transfer"), now.AddMinutes(5), None);

        Check.Equal(0, (await storage.Outbox.ClaimStepsAsync("instance-1", now, 10, None)).Count, "a step claimed before it is due");
        var claimed = (await storage.Outbox.ClaimStepsAsync("instance-1", now.AddMinutes(6), 10, None)).Single();
        Check.Equal("transfer/tp-1/react/Started", $"{claimed.ProcessKind}/{claimed.ProcessId}/{claimed.Name}/{claimed.Argument}", "the scheduled step");
    }

    /// <summary>Steps stored while a request's answer is not sent, with a change or on their own, are not claimable until it is.</summary>
    public async Task Hold_StepsOfAnUnansweredRequestWaitForTheAnswer()
    {
        await using var storage = await OpenAsync();
        var beginRequest = storage.BeginRequest ?? throw new StoreContractException("the storage under test must supply BeginRequest to test holds");
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var record = StoreTestData.Negotiation();
        await Task.Run(async () =>
        {
            beginRequest(answered.Task);
            await storage.Negotiations.CreateAsync(record, ProcessEffects.Then(StoreTestData.Step(record.Id, "decide")), None);
            await storage.Outbox.ScheduleStepAsync(StoreTestData.Step(record.Id, "react"), StoreTestData.T0, None);
        });

        Check.Equal(0, (await storage.Outbox.ClaimStepsAsync("instance-1", Later, 10, None)).Count, "a step claimed before its request was answered");
        answered.SetResult();
        var claimed = new List<ProcessStep>();
        for (var i = 0; i < 100 && claimed.Count < 2; i++)
        {
            claimed.AddRange(await storage.Outbox.ClaimStepsAsync("instance-1", Later, 10, None));
            await Task.Delay(20);
        }

        // Both, in either order: held rows are released one by one, and a claim may come between two releases.
        Check.Sequence(["decide", "react"], claimed.Select(s => s.Name).Order(StringComparer.Ordinal), "the steps claimed once their request was answered");
    }

    /// <summary>A waiting worker is woken when a step is stored.</summary>
    public async Task WaitForWork_ReturnsWhenAStepIsStored()
    {
        await using var storage = await OpenAsync();
        await storage.Outbox.WaitForWorkAsync(DateTimeOffset.UtcNow, TimeSpan.Zero, None);
        var waiting = storage.Outbox.WaitForWorkAsync(DateTimeOffset.UtcNow, TimeSpan.FromSeconds(60), None);
        await Task.Delay(100);

        var record = StoreTestData.Negotiation(createdAt: DateTimeOffset.UtcNow);
        await storage.Negotiations.CreateAsync(record, ProcessEffects.Then(StoreTestData.Step(record.Id)), None);

        var woken = await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromSeconds(10)));
        Check.True(woken == waiting, "the wait ends within 10 s of a step being stored (it waits up to 60 s otherwise)");
        await waiting;
    }

    /// <summary>A worker with nothing claimable waits until the next step falls due, not for the whole idle time.</summary>
    public async Task WaitForWork_ReturnsWhenTheNextStepFallsDue()
    {
        await using var storage = await OpenAsync();
        var now = DateTimeOffset.UtcNow;
        await storage.Outbox.ScheduleStepAsync(StoreTestData.Step("neg-due"), now.AddMilliseconds(300), None);
        await storage.Outbox.WaitForWorkAsync(now, TimeSpan.Zero, None);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await storage.Outbox.WaitForWorkAsync(DateTimeOffset.UtcNow, TimeSpan.FromSeconds(30), None);
        Check.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the wait ends when the step falls due (about 0.3 s), not after 30 s; it took {clock.Elapsed.TotalSeconds:0.0} s");
    }
}

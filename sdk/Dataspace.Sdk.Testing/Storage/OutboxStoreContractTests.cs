using Dataspace.Sdk.Storage;

namespace Dataspace.Sdk.Testing.Storage;

/// <summary>What every <see cref="IOutboxStore"/> must do for instances sharing one database: claims, order per process, settling, holds, wake-ups.</summary>
public abstract class OutboxStoreContractTests : StoreContractTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Later = DateTimeOffset.UtcNow.AddYears(1);

    /// <summary>A claim returns due messages oldest first, one per process; a process's next message waits until the earlier one is settled.</summary>
    public async Task Claim_KeepsOrderPerProcess_OneInFlightEach()
    {
        await using var storage = await OpenAsync();
        var a = await CreateAsync(storage, "A1", "A2");
        var b = await CreateAsync(storage, "B1");

        var first = await storage.Outbox.ClaimAsync("instance-1", Later, 10, None);
        Check.Sequence(["A1", "B1"], first.Select(m => m.MessageType), "the first claim: the oldest message of each process");
        Check.True(first.All(m => m.ClaimedBy == "instance-1"), "claimed messages name their claimer");
        Check.Equal(0, (await storage.Outbox.ClaimAsync("instance-1", Later, 10, None)).Count, "messages claimed again before they are settled");

        await storage.Outbox.CompleteAsync(first.Single(m => m.ProcessId == a), None);
        var second = await storage.Outbox.ClaimAsync("instance-2", Later, 10, None);
        Check.Sequence(["A2"], second.Select(m => m.MessageType), "after A1 is delivered, A2 is claimable; B1 is still in flight");
        Check.True(await storage.Outbox.IsPendingAsync(b, "B1", None), "a claimed message is still pending");
        Check.True(!await storage.Outbox.IsPendingAsync(a, "A1", None), "a completed message is no longer pending");
    }

    /// <summary>Two instances claiming at once never get the same message, and together get all of them.</summary>
    public async Task Claim_Concurrently_NeverHandsAMessageToTwoClaimers()
    {
        await using var storage = await OpenAsync();
        for (var i = 0; i < 40; i++)
        {
            await CreateAsync(storage, "M");
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => storage.Outbox.ClaimAsync("instance-" + i, Later, 15, None))));

        var ids = claims.SelectMany(c => c.Select(m => m.Id)).ToList();
        Check.Equal(ids.Count, ids.Distinct().Count(), "messages claimed by more than one instance");
        Check.Equal(40, ids.Count, "messages claimed by the four instances together");
    }

    /// <summary>Only due messages are claimed; a rescheduled one is released, counted, and claimable when due again.</summary>
    public async Task Reschedule_ReleasesTheClaimUntilDueAgain()
    {
        await using var storage = await OpenAsync();
        var now = DateTimeOffset.UtcNow;
        await CreateAsync(storage, "R");
        Check.Equal(0, (await storage.Outbox.ClaimAsync("instance-1", now.AddYears(-1), 10, None)).Count, "messages claimed before they are due");
        var claimed = (await storage.Outbox.ClaimAsync("instance-1", Later, 10, None)).Single();

        await storage.Outbox.RescheduleAsync(claimed, now.AddHours(1), "peer unavailable", None);
        Check.Equal(0, (await storage.Outbox.ClaimAsync("instance-2", now, 10, None)).Count, "a message rescheduled for later, claimed now");
        var again = (await storage.Outbox.ClaimAsync("instance-2", now.AddHours(2), 10, None)).Single();
        Check.Equal(claimed.Id, again.Id, "the rescheduled message");
        Check.Equal(1, again.Attempts, "the failed attempts counted");
        Check.Equal("instance-2", again.ClaimedBy, "the new claimer");
    }

    /// <summary>A message counts as claimed (being sent) only between its claim and its settling; waiting for an attempt, it does not.</summary>
    public async Task IsClaimed_OnlyWhileAnInstanceSendsIt()
    {
        await using var storage = await OpenAsync();
        var now = DateTimeOffset.UtcNow;
        var process = await CreateAsync(storage, "C1", "C2");
        Check.True(!await storage.Outbox.IsClaimedAsync(process, "C1", None), "a stored message not yet claimed");

        var claimed = (await storage.Outbox.ClaimAsync("instance-1", Later, 10, None)).Single();
        Check.True(await storage.Outbox.IsClaimedAsync(process, "C1", None), "a claimed message");
        Check.True(!await storage.Outbox.IsClaimedAsync(process, "C2", None), "the process's next message, waiting behind the claimed one");

        await storage.Outbox.RescheduleAsync(claimed, now.AddHours(1), "peer answered 404", None);
        Check.True(!await storage.Outbox.IsClaimedAsync(process, "C1", None), "a rescheduled message waiting for its next attempt");
        Check.True(await storage.Outbox.IsPendingAsync(process, "C1", None), "the rescheduled message is still pending");

        var again = (await storage.Outbox.ClaimAsync("instance-2", now.AddHours(2), 10, None)).Single();
        await storage.Outbox.CompleteAsync(again, None);
        Check.True(!await storage.Outbox.IsClaimedAsync(process, "C1", None), "a delivered message");
    }

    /// <summary>Expediting makes a message waiting out its back-off claimable now; a claimed one stays as it is.</summary>
    public async Task Expedite_MakesAWaitingMessageDueNow()
    {
        await using var storage = await OpenAsync();
        var now = DateTimeOffset.UtcNow;
        var process = await CreateAsync(storage, "E");
        var claimed = (await storage.Outbox.ClaimAsync("instance-1", Later, 10, None)).Single();
        await storage.Outbox.ExpediteAsync(process, "E", now, None);
        Check.True(await storage.Outbox.IsClaimedAsync(process, "E", None), "a claimed message expedited stays claimed");

        await storage.Outbox.RescheduleAsync(claimed, now.AddHours(1), "connection refused", None);
        Check.Equal(0, (await storage.Outbox.ClaimAsync("instance-1", now.AddMinutes(1), 10, None)).Count, "a message rescheduled for later, claimed before it is due");
        await storage.Outbox.ExpediteAsync(process, "Other", now, None);
        Check.Equal(0, (await storage.Outbox.ClaimAsync("instance-1", now.AddMinutes(1), 10, None)).Count, "after expediting another message type");
        await storage.Outbox.ExpediteAsync(process, "E", now, None);
        Check.Sequence(["E"], (await storage.Outbox.ClaimAsync("instance-1", now.AddMinutes(1), 10, None)).Select(m => m.MessageType), "the expedited message, claimable at once");
    }

    /// <summary>A claimed message comes back with everything stored with it, its purpose included.</summary>
    public async Task Claim_ReturnsTheMessageAsStored_WithItsPurpose()
    {
        await using var storage = await OpenAsync();
        var record = StoreTestData.Negotiation();
        var opening = StoreTestData.Message(record.Id, "Opening") with { Purpose = OutboxPurpose.OpenProcess, Body = [7, 8, 9] };
        await storage.Negotiations.CreateAsync(record, ProcessEffects.Send(opening), None);

        var claimed = (await storage.Outbox.ClaimAsync("instance-1", Later, 10, None)).Single();
        Check.Equal(OutboxPurpose.OpenProcess, claimed.Purpose, "the purpose stored with the message");
        Check.Equal("Opening", claimed.MessageType, "the message type");
        Check.Equal(opening.Url, claimed.Url, "the url");
        Check.Equal(opening.CounterPartyId, claimed.CounterPartyId, "the counter-party");
        Check.Sequence(opening.Body, claimed.Body, "the body");

        await storage.Outbox.CompleteAsync(claimed, None);
        var plain = StoreTestData.Negotiation();
        await storage.Negotiations.CreateAsync(plain, ProcessEffects.Send(StoreTestData.Message(plain.Id)), None);
        Check.Equal(OutboxPurpose.Notify, (await storage.Outbox.ClaimAsync("instance-1", Later, 10, None)).Single().Purpose, "the purpose of a message stored without one");
    }

    /// <summary>An abandoned message is gone and lets its process's next one go.</summary>
    public async Task Abandon_RemovesTheMessage()
    {
        await using var storage = await OpenAsync();
        var process = await CreateAsync(storage, "X1", "X2");
        var claimed = (await storage.Outbox.ClaimAsync("instance-1", Later, 10, None)).Single();

        await storage.Outbox.AbandonAsync(claimed, "gave up", None);

        Check.True(!await storage.Outbox.IsPendingAsync(process, "X1", None), "an abandoned message is no longer pending");
        Check.Sequence(["X2"], (await storage.Outbox.ClaimAsync("instance-1", Later, 10, None)).Select(m => m.MessageType), "the process's next message after the abandoned one");
    }

    /// <summary>Messages stored while a request's answer is not sent are not claimable until it is; they still keep their process's order.</summary>
    public async Task Hold_MessagesOfAnUnansweredRequestWaitForTheAnswer()
    {
        await using var storage = await OpenAsync();
        var beginRequest = storage.BeginRequest ?? throw new StoreContractException("the storage under test must supply BeginRequest to test holds");
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        string held = "";
        await Task.Run(async () =>
        {
            beginRequest(answered.Task);
            held = await CreateAsync(storage, "H1");
        });

        Check.Equal(0, (await storage.Outbox.ClaimAsync("instance-1", Later, 10, None)).Count, "a message claimed before its request was answered");
        answered.SetResult();
        var claimed = await ClaimSoonAsync(storage, "instance-1");
        Check.Sequence([held], claimed.Select(m => m.ProcessId), "the message claimed once its request was answered");
    }

    /// <summary>One claim of both kinds takes due messages and steps within their own limits, oldest first; a limit of 0 takes none of that kind.</summary>
    public async Task ClaimWork_ClaimsMessagesAndStepsTogether_EachWithinItsLimit()
    {
        await using var storage = await OpenAsync();
        var processes = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var record = StoreTestData.Negotiation();
            await storage.Negotiations.CreateAsync(record, new ProcessEffects
            {
                Messages = [StoreTestData.Message(record.Id, "M" + i)],
                Steps = [StoreTestData.Step(record.Id, "S" + i)],
            }, None);
            processes.Add(record.Id);
        }

        var first = await storage.Outbox.ClaimWorkAsync("instance-1", Later, 2, 1, None);
        Check.Sequence(["M0", "M1"], first.Messages.Select(m => m.MessageType), "the messages of the first claim: the two oldest");
        Check.Sequence(["S0"], first.Steps.Select(s => s.Name), "the steps of the first claim: the oldest");
        Check.True(first.Messages.All(m => m.ClaimedBy == "instance-1") && first.Steps.All(s => s.ClaimedBy == "instance-1"), "claimed work names its claimer");

        var second = await storage.Outbox.ClaimWorkAsync("instance-2", Later, 10, 0, None);
        Check.Sequence(["M2"], second.Messages.Select(m => m.MessageType), "the messages left, claimed with a step limit of 0");
        Check.Equal(0, second.Steps.Count, "steps claimed with a step limit of 0");

        var third = await storage.Outbox.ClaimWorkAsync("instance-2", Later, 10, 10, None);
        Check.Equal(0, third.Messages.Count, "messages claimed twice");
        Check.Sequence(["S1", "S2"], third.Steps.Select(s => s.Name), "the steps left");
        Check.Equal(0, (await storage.Outbox.ClaimWorkAsync("instance-3", Later, 10, 10, None)).Messages.Count, "work claimed after everything was claimed");
        Check.Equal(0, (await storage.Outbox.ClaimWorkAsync("instance-3", DateTimeOffset.UtcNow.AddYears(-1), 10, 10, None)).Steps.Count, "work claimed before it is due");
    }

    /// <summary>A message and a step stored while a request's answer is not sent are claimed by no combined claim until it is, then by one claim only.</summary>
    public async Task ClaimWork_HeldWorkIsClaimedOnlyOnceItsAnswerIsSent()
    {
        await using var storage = await OpenAsync();
        var beginRequest = storage.BeginRequest ?? throw new StoreContractException("the storage under test must supply BeginRequest to test holds");
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var record = StoreTestData.Negotiation();
        await Task.Run(async () =>
        {
            beginRequest(answered.Task);
            await storage.Negotiations.CreateAsync(record, new ProcessEffects { Messages = [StoreTestData.Message(record.Id, "H")], Steps = [StoreTestData.Step(record.Id, "decide")] }, None);
        });

        var early = await storage.Outbox.ClaimWorkAsync("instance-1", Later, 10, 10, None);
        Check.Equal(0, early.Messages.Count + early.Steps.Count, "held work claimed before its request was answered");
        answered.SetResult();

        var messages = new List<OutboxMessage>();
        var steps = new List<ProcessStep>();
        for (var i = 0; i < 100 && (messages.Count == 0 || steps.Count == 0); i++)
        {
            var work = await storage.Outbox.ClaimWorkAsync("instance-" + (i % 2), Later, 10, 10, None);
            messages.AddRange(work.Messages);
            steps.AddRange(work.Steps);
            await Task.Delay(20);
        }

        Check.Sequence(["H"], messages.Select(m => m.MessageType), "the held message, claimed once after the answer");
        Check.Sequence(["decide"], steps.Select(s => s.Name), "the held step, claimed once after the answer");
        Check.True(await storage.Outbox.IsClaimedAsync(record.Id, "H", None), "the held message is claimed (being sent) once handed out");
    }

    /// <summary>A waiting dispatcher is woken when a message is stored.</summary>
    public async Task WaitForWork_ReturnsWhenAMessageIsStored()
    {
        await using var storage = await OpenAsync();
        // Whatever wake-up is left from opening the storage is used up first.
        await storage.Outbox.WaitForWorkAsync(DateTimeOffset.UtcNow, TimeSpan.Zero, None);
        var waiting = storage.Outbox.WaitForWorkAsync(DateTimeOffset.UtcNow, TimeSpan.FromSeconds(60), None);
        await Task.Delay(100);

        await CreateAsync(storage, "W");

        var woken = await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromSeconds(10)));
        Check.True(woken == waiting, "the wait ends within 10 s of a message being stored (it waits up to 60 s otherwise)");
        await waiting;
    }

    private static async Task<IReadOnlyList<OutboxMessage>> ClaimSoonAsync(StorageUnderTest storage, string instance)
    {
        for (var i = 0; i < 100; i++)
        {
            var claimed = await storage.Outbox.ClaimAsync(instance, Later, 10, None);
            if (claimed.Count > 0)
            {
                return claimed;
            }

            await Task.Delay(20);
        }

        return [];
    }

    // A negotiation whose creation stores one message per type, in order.
    private static async Task<string> CreateAsync(StorageUnderTest storage, params string[] messageTypes)
    {
        var record = StoreTestData.Negotiation();
        await storage.Negotiations.CreateAsync(record, new ProcessEffects { Messages = [.. messageTypes.Select(t => StoreTestData.Message(record.Id, t))] }, None);
        return record.Id;
    }
}

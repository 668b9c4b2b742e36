using System.Text.Json;
using Dataspace.Sdk.Compute;
using Dataspace.Sdk.Storage;

namespace Dataspace.Sdk.Testing.Storage;

/// <summary>What every <see cref="IComputeJobStore"/> must do.</summary>
public abstract class ComputeJobStoreContractTests : StoreContractTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>A job of one PSI task between a consumer and a provider bound by <paramref name="agreementId"/>.</summary>
    public static ComputeJob Job(string? id = null, string agreementId = "agreement-1", ComputeJobState state = ComputeJobState.Proposed, DateTimeOffset? createdAt = null) => new()
    {
        Id = id ?? StoreTestData.NewId("job"),
        Initiator = "did:web:bank.example",
        Tasks =
        [
            new ComputeTask("psi", ComputeComponents.PsiEcdh,
                new Dictionary<string, JsonElement> { ["mode"] = JsonSerializer.SerializeToElement("cardinality"), ["batch"] = JsonSerializer.SerializeToElement(4096) },
                [
                    new ComputeTaskParty("did:web:bank.example", "receiver", new ComputeTaskInput(ComputeTaskInput.File, "/data/customers.csv")),
                    new ComputeTaskParty("did:web:telco.example", "sender", new ComputeTaskInput(ComputeTaskInput.Asset, "subscribers", agreementId)),
                ],
                new Dictionary<string, IReadOnlyList<string>> { ["did:web:bank.example"] = [ReleaseKinds.Cardinality] }),
        ],
        Agreements = [new ComputeJobAgreement("did:web:telco.example", agreementId, "did:web:bank.example", new Uri("https://telco.example/dsp"))],
        State = state,
        CreatedAt = createdAt ?? StoreTestData.T0,
        UpdatedAt = createdAt ?? StoreTestData.T0,
    };

    /// <summary>A created job reads back equal (tasks, attributes, parties, agreements) at version 1; a second create of its id is refused.</summary>
    public async Task Create_RoundTrips_AndRefusesADuplicate()
    {
        await using var storage = await OpenAsync();
        var job = Job() with { Approvals = [new ComputeApproval("did:web:telco.example", ComputeApprovalDecision.Pending, false, "held for review", StoreTestData.T0)] };

        Check.True(await storage.ComputeJobs.CreateAsync(job, None), "the first create");
        Check.True(!await storage.ComputeJobs.CreateAsync(job with { State = ComputeJobState.Running }, None), "a second create of the same id");

        var read = Check.NotNull(await storage.ComputeJobs.GetAsync(job.Id, None), "the created job");
        Check.Equal(1, read.Version, "the version of a new job");
        Check.Equal(ComputeJobJson.Serialize(job with { Version = 1 }), ComputeJobJson.Serialize(read), "the job as read back");
        Check.Equal(ComputeJobState.Proposed, read.State, "the state (the refused create changed nothing)");
        Check.Equal(4096, read.Tasks[0].Attributes["batch"].GetInt32(), "an integer attribute");
        Check.Null(await storage.ComputeJobs.GetAsync("no-such-job", None), "an unknown job");
    }

    /// <summary>An update applies only from the version read; of concurrent updaters from one version exactly one wins.</summary>
    public async Task TryUpdate_AppliesOnlyFromTheReadVersion()
    {
        await using var storage = await OpenAsync();
        var job = Job();
        await storage.ComputeJobs.CreateAsync(job, None);
        var read = Check.NotNull(await storage.ComputeJobs.GetAsync(job.Id, None), "the job");

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => Task.Run(() =>
            storage.ComputeJobs.TryUpdateAsync(read with { State = ComputeJobState.Running, Phase = $"writer-{i}", UpdatedAt = StoreTestData.T0.AddMinutes(1) }, None))));
        var winner = Check.NotNull(results.SingleOrDefault(r => r is not null), "the one concurrent updater that won");
        Check.Equal(2, winner.Version, "the version after one update");

        var stored = Check.NotNull(await storage.ComputeJobs.GetAsync(job.Id, None), "the updated job");
        Check.Equal(winner.Phase, stored.Phase, "the winner's change");
        Check.Equal(ComputeJobState.Running, stored.State, "the state");
        Check.Null(await storage.ComputeJobs.TryUpdateAsync(read with { State = ComputeJobState.Failed }, None), "an update from a stale version");
        Check.Null(await storage.ComputeJobs.TryUpdateAsync(Job("no-such-job"), None), "an update of an unknown job");
    }

    /// <summary>Lists newest first, filtered by state and agreement, with the total; counts jobs per agreement since a time.</summary>
    public async Task List_FiltersAndPages_AndCountsPerAgreement()
    {
        await using var storage = await OpenAsync();
        await storage.ComputeJobs.CreateAsync(Job("job-a", "agreement-1", ComputeJobState.Succeeded, StoreTestData.T0), None);
        await storage.ComputeJobs.CreateAsync(Job("job-b", "agreement-2", ComputeJobState.Running, StoreTestData.T0.AddHours(1)), None);
        await storage.ComputeJobs.CreateAsync(Job("job-c", "agreement-1", ComputeJobState.Running, StoreTestData.T0.AddHours(2)), None);

        var all = await storage.ComputeJobs.ListAsync(new ComputeJobQuery(), new PageRequest(0, 2), None);
        Check.Equal(3L, all.Total, "all jobs");
        Check.Sequence(["job-c", "job-b"], all.Items.Select(j => j.Id), "the first page, newest first");
        var running = await storage.ComputeJobs.ListAsync(new ComputeJobQuery(State: ComputeJobState.Running), new PageRequest(), None);
        Check.Sequence(["job-c", "job-b"], running.Items.Select(j => j.Id), "the running jobs");
        var ofAgreement = await storage.ComputeJobs.ListAsync(new ComputeJobQuery(AgreementId: "agreement-1"), new PageRequest(1, 10), None);
        Check.Equal(2L, ofAgreement.Total, "the jobs of agreement-1");
        Check.Sequence(["job-a"], ofAgreement.Items.Select(j => j.Id), "the second page of agreement-1's jobs");

        Check.Equal(2L, await storage.ComputeJobs.CountJobsAsync("agreement-1", StoreTestData.T0, None), "jobs of agreement-1 since T0");
        Check.Equal(1L, await storage.ComputeJobs.CountJobsAsync("agreement-1", StoreTestData.T0.AddMinutes(1), None), "jobs of agreement-1 since T0 + 1 min");
        Check.Equal(0L, await storage.ComputeJobs.CountJobsAsync("agreement-3", StoreTestData.T0, None), "jobs of an unknown agreement");
    }

    /// <summary>Outputs are kept per receiver in the order written; a repeat is refused, and an output needs its job.</summary>
    public async Task Outputs_AreKeptPerReceiver()
    {
        await using var storage = await OpenAsync();
        var job = Job();
        await storage.ComputeJobs.CreateAsync(job, None);
        var size = new ComputeJobOutput(job.Id, "psi", "intersection_size", "did:web:bank.example", ReleaseKinds.Cardinality, ComputeJobOutput.Value, "42", "application/json", 2, StoreTestData.T0);
        var table = size with { Name = "intersection", ReleaseKind = ReleaseKinds.Intersection, Type = ComputeJobOutput.Table, Content = $"{job.Id}/psi/intersection.csv", MediaType = "text/csv", Size = 1234 };
        var other = size with { Receiver = "did:web:telco.example" };

        Check.True(await storage.ComputeJobs.AddOutputAsync(size, None), "the first output");
        Check.True(await storage.ComputeJobs.AddOutputAsync(table, None), "a second output");
        Check.True(await storage.ComputeJobs.AddOutputAsync(other, None), "the same output for another receiver");
        Check.True(!await storage.ComputeJobs.AddOutputAsync(size with { Content = "43" }, None), "a repeated output");

        Check.Sequence([size, table], await storage.ComputeJobs.ListOutputsAsync(job.Id, "did:web:bank.example", None), "the bank's outputs");
        Check.Equal(3, (await storage.ComputeJobs.ListOutputsAsync(job.Id, null, None)).Count, "every output");
        Check.Equal(0, (await storage.ComputeJobs.ListOutputsAsync("no-such-job", null, None)).Count, "outputs of an unknown job");
        var refused = false;
        try
        {
            await storage.ComputeJobs.AddOutputAsync(size with { JobId = "no-such-job" }, None);
        }
        catch (Exception e) when (e is not StoreContractException)
        {
            refused = true;
        }

        Check.True(refused, "an output of an unknown job is refused");
    }

    /// <summary>The budget is spent only within its limit, per agreement and period, and concurrent spends never overdraw it.</summary>
    public async Task SpendBudget_NeverOverdraws()
    {
        await using var storage = await OpenAsync();
        var limit = new PrivacyBudgetLimit(1.0, 1e-5, TimeSpan.FromDays(30));
        var period = StoreTestData.T0;

        var first = await storage.ComputeJobs.TrySpendBudgetAsync("agreement-1", period, limit, 0.4, 1e-6, "job-1", None);
        Check.True(first.Spent, "a spend within the budget");
        Check.True(Math.Abs(first.RemainingEpsilon - 0.6) < 1e-9, $"ε left after 0.4 of 1.0 (was {first.RemainingEpsilon})");
        var tooMuch = await storage.ComputeJobs.TrySpendBudgetAsync("agreement-1", period, limit, 0.7, 0, "job-2", None);
        Check.True(!tooMuch.Spent, "a spend beyond what is left");
        Check.True(Math.Abs(tooMuch.RemainingEpsilon - 0.6) < 1e-9, "ε left after a refused spend");
        Check.True(!(await storage.ComputeJobs.TrySpendBudgetAsync("agreement-2", period, limit, 1.5, 0, "job-3", None)).Spent, "a first spend beyond the whole budget");

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            storage.ComputeJobs.TrySpendBudgetAsync("agreement-1", period, limit, 0.1, 1e-6, $"job-c{i}", None))));
        Check.Equal(6, results.Count(r => r.Spent), "concurrent spends of 0.1 that fit in the 0.6 left");
        var (epsilon, delta) = await storage.ComputeJobs.GetBudgetSpentAsync("agreement-1", period, None);
        Check.True(epsilon <= 1.0 + 1e-9 && Math.Abs(epsilon - 1.0) < 1e-9, $"ε spent is exactly the limit (was {epsilon})");
        Check.True(Math.Abs(delta - 7e-6) < 1e-12, $"δ spent (was {delta})");

        Check.True((await storage.ComputeJobs.TrySpendBudgetAsync("agreement-1", period.AddDays(30), limit, 1.0, 0, "next period", None)).Spent, "a spend in the next period");
        Check.Equal((0.0, 0.0), await storage.ComputeJobs.GetBudgetSpentAsync("agreement-3", period, None), "nothing spent under an unknown agreement");
    }
}

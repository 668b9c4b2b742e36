using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Plugins.Compute.Kuscia.Api;
using Dataspace.Sdk.Compute;
using Dataspace.Sdk.Egress;
using Microsoft.AspNetCore.Http;

namespace Dataspace.Plugins.Compute.Kuscia.Tests;

public sealed class KusciaComputeEngineTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task ProposeAsync_Psi_GrantsTheProvidersDataBeforeCreatingTheKusciaJob_WithItsTasksPartiesAndInputs()
    {
        await using var rig = await KusciaRig.StartAsync();
        var job = await rig.Engine.ProposeAsync(KusciaRig.Psi("job-psi-1"), CancellationToken.None);

        Assert.Equal(ComputeJobState.Approved, job.State); // Kuscia's Pending: created, nobody's approval needed.
        var requests = rig.Kuscia.Requests.ToList();
        Assert.True(requests.IndexOf("domaindatagrant/create") is >= 0 and var grantAt && grantAt < requests.IndexOf("job/create"), string.Join(", ", requests));

        var grant = Assert.Single(rig.Kuscia.Grants.Values);
        Assert.Equal("bob", (string?)grant["domain_id"]);
        Assert.Equal("bob-table", (string?)grant["domaindata_id"]);
        Assert.Equal("alice", (string?)grant["grant_domain"]);
        Assert.Equal("job-psi-1", (string?)grant["limit"]!["flow_id"]);
        Assert.Equal("agreement-1", (string?)grant["description"]!["dsp-agreement"]);
        var typed = grant.Deserialize(KusciaJsonContext.Default.CreateGrantRequest)!;
        Assert.True(KusciaGrantSigner.Verify(typed, typed.Signature!, rig.TelcoKey)); // The fake verified it too, or it would have refused.

        var request = rig.Kuscia.Job("job-psi-1").Request;
        Assert.Equal("alice", (string?)request["initiator"]);
        var task = Assert.Single((JsonArray)request["tasks"]!)!;
        Assert.Equal("psi", (string?)task["alias"]);
        Assert.Equal("job-psi-1-psi", (string?)task["task_id"]);
        Assert.Equal("secretflow-image", (string?)task["app_image"]);
        Assert.Equal(["alice", "bob"], ((JsonArray)task["parties"]!).Select(p => (string?)p!["domain_id"]));
        var config = JsonNode.Parse((string)task["task_input_config"]!)!;
        Assert.Equal(["bank-customers", "bob-table"], ((JsonArray)config["sf_input_ids"]!).Select(i => (string?)i));
        Assert.Equal(["job-psi-1-psi-o0", "job-psi-1-psi-o1"], ((JsonArray)config["sf_output_ids"]!).Select(i => (string?)i));
        Assert.Equal("psi", (string?)config["sf_node_eval_param"]!["name"]);
        Assert.Equal(["alice", "bob"], ((JsonArray)config["sf_cluster_desc"]!["parties"]!).Select(i => (string?)i));
        var attrs = (JsonArray)config["sf_node_eval_param"]!["attrs"]!;
        var paths = ((JsonArray)config["sf_node_eval_param"]!["attr_paths"]!).Select(p => (string)p!).ToList();
        Assert.Equal("PROTOCOL_ECDH", (string?)attrs[paths.IndexOf("protocol")]!["s"]);
        Assert.Equal(["alice"], ((JsonArray)attrs[paths.IndexOf("receiver_parties")]!["ss"]!).Select(i => (string?)i));
        Assert.Equal(["phone"], ((JsonArray)attrs[paths.IndexOf("input/input_ds1/keys")]!["ss"]!).Select(i => (string?)i));
    }

    [Theory]
    [InlineData(ReleaseKinds.Cardinality)]
    [InlineData(ReleaseKinds.IntersectionSum)]
    public async Task ProposeAsync_ReleaseSecretFlowsPsiDoesNotGive_IsRefusedBeforeKusciaSeesIt(string release)
    {
        await using var rig = await KusciaRig.StartAsync();
        var e = await Assert.ThrowsAsync<ComputeEngineException>(() => rig.Engine.ProposeAsync(KusciaRig.Psi(releases: [release]), CancellationToken.None));

        Assert.Contains("intersection", e.Message, StringComparison.Ordinal);
        Assert.Empty(rig.Kuscia.Requests);
    }

    [Fact]
    public async Task ProposeAsync_InputNotBoundByTheProvidersAgreement_IsRefused()
    {
        await using var rig = await KusciaRig.StartAsync();
        var request = KusciaRig.Psi() with { Agreements = [new ComputeJobAgreement(KusciaRig.Telco, "another-agreement", KusciaRig.Bank)] };

        var e = await Assert.ThrowsAsync<ComputeEngineException>(() => rig.Engine.ProposeAsync(request, CancellationToken.None));
        Assert.Equal("forbidden", e.Code);
        Assert.Empty(rig.Kuscia.Requests);
    }

    [Fact]
    public async Task WatchAsync_FollowsKusciaThroughRunningToSucceeded_AndTheOutputIsTheResultsLocation()
    {
        await using var rig = await KusciaRig.StartAsync();
        var job = await rig.Engine.ProposeAsync(KusciaRig.Psi("job-watch-1"), CancellationToken.None);
        rig.Kuscia.AddDomainData("alice", "job-watch-1-psi-o0", "job-watch-1-psi-o0.csv");
        using var timeout = new CancellationTokenSource(Patience);
        var seen = new List<ComputeJob>();
        var watching = Task.Run(async () =>
        {
            await foreach (var update in rig.Engine.WatchAsync(job.Id, timeout.Token))
            {
                seen.Add(update);
            }
        });

        await WaitUntilAsync(() => rig.Kuscia.WatchersOpen > 0);
        rig.Kuscia.Advance(job.Id, "Running", progress: 0.5);
        await WaitUntilAsync(() => seen.Any(j => j.State == ComputeJobState.Running));
        rig.Kuscia.Advance(job.Id, "Succeeded");
        await watching.WaitAsync(Patience);

        Assert.Equal(0.5, seen.First(j => j.State == ComputeJobState.Running).Progress);
        var last = seen[^1];
        Assert.Equal(ComputeJobState.Succeeded, last.State);
        Assert.Equal(["psi"], last.CompletedTasks);
        Assert.Equal(1, last.Progress);
        Assert.Equal(ComputeJobState.Succeeded, (await rig.Store.GetAsync(job.Id, CancellationToken.None))!.State);

        var output = Assert.Single(await rig.Engine.GetOutputsAsync(job.Id, CancellationToken.None));
        Assert.Equal("kuscia://alice/default-data-source/job-watch-1-psi-o0.csv", output.Content);
        Assert.Equal(KusciaRig.Bank, output.Receiver);
        Assert.Equal(ReleaseKinds.Intersection, output.ReleaseKind);
    }

    [Fact]
    public async Task WatchAsync_StreamDropped_ReconnectsAndStillSeesTheEnd()
    {
        await using var rig = await KusciaRig.StartAsync();
        var job = await rig.Engine.ProposeAsync(KusciaRig.Psi(), CancellationToken.None);
        using var timeout = new CancellationTokenSource(Patience);
        var states = new List<ComputeJobState>();
        var watching = Task.Run(async () =>
        {
            await foreach (var update in rig.Engine.WatchAsync(job.Id, timeout.Token))
            {
                states.Add(update.State);
            }
        });

        await WaitUntilAsync(() => rig.Kuscia.WatchersOpen > 0);
        rig.Kuscia.DropWatchers();
        // Changed while no stream was open: the engine's query after reconnecting must catch it.
        rig.Kuscia.Advance(job.Id, "Running", progress: 0.2);
        await WaitUntilAsync(() => states.Contains(ComputeJobState.Running) && rig.Kuscia.WatchersOpen > 0);
        rig.Kuscia.Advance(job.Id, "Failed", errMsg: "pod psi-0 failed: open /home/kuscia/var/storage/data/bob-table.csv: permission denied");
        await watching.WaitAsync(Patience);

        var stored = (await rig.Store.GetAsync(job.Id, CancellationToken.None))!;
        Assert.Equal(ComputeJobState.Failed, stored.State);
        Assert.Contains("task 'psi' failed", stored.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("/home/kuscia", stored.Reason, StringComparison.Ordinal);
        Assert.Equal(ComputeJobState.Failed, states[^1]);
    }

    [Fact]
    public async Task Provider_ReceivesThenApproves_GrantAndAcceptReachKuscia()
    {
        await using var consumer = await KusciaRig.StartAsync();
        consumer.Kuscia.Approvers.Add("bob");
        var proposed = await consumer.Engine.ProposeAsync(KusciaRig.Psi("job-approve-1"), CancellationToken.None);
        Assert.Equal(ComputeJobState.AwaitingApproval, proposed.State);

        // The provider's connector on the same (centralized) Kuscia, holding its own domain's key.
        await using var provider = await KusciaRig.StartAsync(KusciaRig.Telco, configure: s =>
        {
            s["Plugins:ComputeKuscia:Endpoint"] = consumer.Kuscia.Endpoint.ToString();
            s["Plugins:ComputeKuscia:Token"] = consumer.Kuscia.Token;
        });
        consumer.Kuscia.Self = "bob";
        consumer.Kuscia.DomainPublicKeys["bob"] = provider.TelcoKey;
        consumer.Kuscia.Grants.Clear();
        var received = await provider.Engine.ReceiveAsync(proposed, KusciaRig.Bank, CancellationToken.None);
        Assert.Equal(ComputeJobState.AwaitingApproval, received.State);

        var approved = await provider.Engine.ApproveAsync(proposed.Id, CancellationToken.None);

        Assert.Equal("JobAccepted", consumer.Kuscia.Job(proposed.Id).Approvals["bob"]);
        Assert.Single(consumer.Kuscia.Grants.Values);
        Assert.Equal(ComputeJobState.Approved, approved.State);
        Assert.Equal(ComputeApprovalDecision.Approved, Assert.Single(approved.Approvals).Decision);
        var atConsumer = await consumer.Engine.GetAsync(proposed.Id, CancellationToken.None);
        Assert.Equal(ComputeApprovalDecision.Approved, atConsumer!.Approvals.Single(a => a.ParticipantId == KusciaRig.Telco).Decision);
    }

    [Fact]
    public async Task Provider_Rejects_RejectReachesKuscia_AndTheJobIsRejectedWithTheReason()
    {
        await using var rig = await KusciaRig.StartAsync(KusciaRig.Telco);
        rig.Kuscia.Approvers.Add("bob");
        rig.Kuscia.Self = "bob";
        var proposal = KusciaRig.Psi("job-reject-1");
        await rig.Client.CreateJobAsync(new KusciaJobMapper(KusciaRig.Read(Settings(rig))).ToKuscia(Job(proposal)), CancellationToken.None);
        await rig.Engine.ReceiveAsync(Job(proposal), KusciaRig.Bank, CancellationToken.None);

        var rejected = await rig.Engine.RejectAsync(proposal.Id!, "outside our business hours", CancellationToken.None);

        Assert.Equal("JobRejected", rig.Kuscia.Job(proposal.Id!).Approvals["bob"]);
        Assert.Equal("outside our business hours", rig.Kuscia.Job(proposal.Id!).ApproveReason);
        Assert.Equal(ComputeJobState.Rejected, rejected.State);
        Assert.Equal("outside our business hours", rejected.Reason);
    }

    [Fact]
    public async Task ReceiveAsync_FromAnotherThanTheInitiator_IsRefused()
    {
        await using var rig = await KusciaRig.StartAsync(KusciaRig.Telco);
        var e = await Assert.ThrowsAsync<ComputeEngineException>(() => rig.Engine.ReceiveAsync(Job(KusciaRig.Psi()), "did:web:mallory.example", CancellationToken.None));
        Assert.Equal("forbidden", e.Code);
    }

    [Fact]
    public async Task StopAsync_ReachesKuscia_AndStopsTheJob()
    {
        await using var rig = await KusciaRig.StartAsync();
        var job = await rig.Engine.ProposeAsync(KusciaRig.Psi(), CancellationToken.None);

        var stopped = await rig.Engine.StopAsync(job.Id, "no longer needed", CancellationToken.None);

        Assert.Equal("Cancelled", rig.Kuscia.Job(job.Id).State);
        Assert.Equal("no longer needed", rig.Kuscia.Job(job.Id).StopReason);
        Assert.Equal(ComputeJobState.Stopped, stopped.State);
        Assert.Equal(ComputeJobState.Stopped, (await rig.Engine.GetAsync(job.Id, CancellationToken.None))!.State);
    }

    [Fact]
    public async Task SuspendAndRestart_ReachKuscia()
    {
        await using var rig = await KusciaRig.StartAsync();
        var job = await rig.Engine.ProposeAsync(KusciaRig.Psi(), CancellationToken.None);
        rig.Kuscia.Advance(job.Id, "Running");

        Assert.Equal(ComputeJobState.Suspended, (await rig.Engine.SuspendAsync(job.Id, CancellationToken.None)).State);
        Assert.Equal(ComputeJobState.Running, (await rig.Engine.RestartAsync(job.Id, CancellationToken.None)).State);
        Assert.Equal("Running", rig.Kuscia.Job(job.Id).State);
    }

    [Fact]
    public async Task StopAsync_JobKusciaDoesNotKnow_GivesAShortReasonWithoutKusciasText()
    {
        await using var bank = await KusciaRig.StartAsync();
        var proposed = await bank.Engine.ProposeAsync(KusciaRig.Psi(), CancellationToken.None);
        await bank.Client.DeleteJobAsync(proposed.Id, CancellationToken.None);

        var e = await Assert.ThrowsAsync<ComputeEngineException>(() => bank.Engine.StopAsync(proposed.Id, "stop", CancellationToken.None));

        Assert.Contains("code 11205", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("namespace", e.Message, StringComparison.Ordinal);
        Assert.Equal(ComputeJobState.Approved, (await bank.Store.GetAsync(proposed.Id, CancellationToken.None))!.State);
    }

    [Fact]
    public async Task GetAsync_KusciaForgotTheJob_KeepsTheStoredJob()
    {
        await using var rig = await KusciaRig.StartAsync();
        var job = await rig.Engine.ProposeAsync(KusciaRig.Psi(), CancellationToken.None);
        await rig.Client.DeleteJobAsync(job.Id, CancellationToken.None);

        var read = await rig.Engine.GetAsync(job.Id, CancellationToken.None);

        Assert.Equal(job.State, read!.State);
        Assert.Null(read.Reason);
    }

    public static TheoryData<string, string> Lies => new()
    {
        { "malformed", "not JSON of the expected shape" },
        { "oversized", "larger than" },
        { "no-status", "has no status" },
        { "unknown-state", "job state that job.proto does not define" },
        { "other-job", "status of another job" },
        { "server-error", "HTTP 500" },
    };

    [Theory]
    [MemberData(nameof(Lies))]
    public async Task KusciaThatLies_GivesAClearReason_AndTheStoredJobStaysConsistent(string lie, string reason)
    {
        await using var rig = await KusciaRig.StartAsync();
        var job = await rig.Engine.ProposeAsync(KusciaRig.Psi("job-lies-1"), CancellationToken.None);
        rig.Kuscia.LieOnce("job/stop", lie switch
        {
            "malformed" => c => c.Response.WriteAsync("{\"status\":{\"code\":0},\"data\":{\"job_id\":"),
            "oversized" => c => c.Response.WriteAsync("{\"status\":{\"code\":0},\"data\":{\"job_id\":\"" + new string('x', 70_000) + "\"}}"),
            "no-status" => c => c.Response.WriteAsync("{\"data\":{\"job_id\":\"job-lies-1\"}}"),
            "server-error" => c => { c.Response.StatusCode = 500; return Task.CompletedTask; },
            _ => c => c.Response.WriteAsync("{\"status\":{\"code\":0},\"data\":{\"job_id\":\"job-lies-1\"}}"),
        });
        rig.Kuscia.LieOnce("job/query", lie switch
        {
            "unknown-state" => c => c.Response.WriteAsync("{\"status\":{\"code\":0},\"data\":{\"job_id\":\"job-lies-1\",\"status\":{\"state\":\"Exploded\"}}}"),
            "other-job" => c => c.Response.WriteAsync("{\"status\":{\"code\":0},\"data\":{\"job_id\":\"job-other\",\"status\":{\"state\":\"Succeeded\"}}}"),
            _ => c => c.Response.WriteAsync("{\"status\":{\"code\":0},\"data\":{\"job_id\":\"job-lies-1\",\"status\":{\"state\":\"Pending\"}}}"),
        });

        string message;
        if (lie is "unknown-state" or "other-job")
        {
            // Read through the engine: nothing of the lie is stored, the job stays as it was.
            var read = await rig.Engine.GetAsync(job.Id, CancellationToken.None);
            Assert.Equal(ComputeJobState.Approved, read!.State);
            Assert.Empty(read.CompletedTasks);
            // And what the client makes of the same answer, which the engine logged.
            rig.Kuscia.LieOnce("job/query", c => c.Response.WriteAsync(lie == "unknown-state"
                ? "{\"status\":{\"code\":0},\"data\":{\"job_id\":\"job-lies-1\",\"status\":{\"state\":\"Exploded\"}}}"
                : "{\"status\":{\"code\":0},\"data\":{\"job_id\":\"job-other\",\"status\":{\"state\":\"Succeeded\"}}}"));
            var status = await rig.Client.QueryJobAsync(job.Id, CancellationToken.None);
            message = lie == "unknown-state"
                ? Assert.Throws<KusciaException>(() => KusciaJobMapper.StateOf(status.Status!.State)).Message
                : status.JobId != job.Id ? "KusciaAPI answered the status of another job, or none" : "same job";
        }
        else
        {
            var e = await Assert.ThrowsAsync<ComputeEngineException>(() => rig.Engine.StopAsync(job.Id, "stop", CancellationToken.None));
            message = e.Message;
            Assert.Equal(ComputeJobState.Approved, (await rig.Store.GetAsync(job.Id, CancellationToken.None))!.State);
        }

        Assert.Contains(reason, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongToken_GivesAClearReason()
    {
        await using var rig = await KusciaRig.StartAsync(configure: s => s["Plugins:ComputeKuscia:Token"] = "wrong");

        var e = await Assert.ThrowsAsync<ComputeEngineException>(() => rig.Engine.ProposeAsync(KusciaRig.Psi(), CancellationToken.None));

        Assert.Contains("HTTP 401", e.Message, StringComparison.Ordinal);
        Assert.Contains("Plugins:ComputeKuscia:Token", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EgressPolicy_WithoutPrivateNetworks_KeepsTheClientFromLoopback()
    {
        await using var refused = await KusciaRig.StartAsync(egress: new EgressPolicy(new EgressOptions()));
        var e = await Assert.ThrowsAsync<ComputeEngineException>(() => refused.Engine.ProposeAsync(KusciaRig.Psi(), CancellationToken.None));
        Assert.Contains("egress policy", e.Message, StringComparison.Ordinal);
        Assert.Empty(refused.Kuscia.Requests);

        var allowed = new EgressOptions { AllowPrivateNetworks = true };
        await using var rig = await KusciaRig.StartAsync(egress: new EgressPolicy(allowed));
        Assert.Equal(ComputeJobState.Approved, (await rig.Engine.ProposeAsync(KusciaRig.Psi(), CancellationToken.None)).State);
    }

    private static Dictionary<string, string?> Settings(KusciaRig rig) => new()
    {
        ["Plugins:ComputeKuscia:Endpoint"] = rig.Kuscia.Endpoint.ToString(),
        ["Plugins:ComputeKuscia:Token"] = rig.Kuscia.Token,
        ["Plugins:ComputeKuscia:DomainId"] = "alice",
        [$"Plugins:ComputeKuscia:Domains:{KusciaRig.Bank}"] = "alice",
        [$"Plugins:ComputeKuscia:Domains:{KusciaRig.Telco}"] = "bob",
        ["Plugins:ComputeKuscia:DomainData:subscribers"] = "bob-table",
    };

    private static ComputeJob Job(ComputeJobRequest request) => new()
    {
        Id = request.Id!,
        Initiator = KusciaRig.Bank,
        Tasks = request.Tasks,
        Agreements = request.Agreements,
        State = ComputeJobState.Proposed,
        CreatedAt = DateTimeOffset.UtcNow,
        UpdatedAt = DateTimeOffset.UtcNow,
    };

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(20);
        }
    }
}

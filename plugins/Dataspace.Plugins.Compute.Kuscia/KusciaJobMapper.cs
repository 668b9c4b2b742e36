using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Plugins.Compute.Kuscia.Api;
using Dataspace.Sdk.Compute;

namespace Dataspace.Plugins.Compute.Kuscia;

/// <summary>
/// Maps a compute job to a KusciaJob of SecretFlow components and Kuscia's job status back onto the job. Only what
/// SecretFlow runs as the job asks is mapped; anything else is refused with the reason, before Kuscia sees it.
/// </summary>
internal sealed class KusciaJobMapper
{
    /// <summary>The longest job id Kuscia's derived ids (task, output) still fit in an RFC 1123 label with.</summary>
    public const int MaxJobIdLength = 40;

    /// <summary>The longest task id.</summary>
    public const int MaxTaskIdLength = 16;

    // The link settings of Kuscia's own PSI example (docs/reference/apis/kusciajob_cn.md): SecretFlow's cluster
    // description wants an SPU device even for PSI.
    private const string SpuConfig =
        "{\"runtime_config\":{\"protocol\":\"SEMI2K\",\"field\":\"FM128\"},\"link_desc\":{\"connect_retry_times\":60,\"connect_retry_interval_ms\":1000,"
        + "\"brpc_channel_protocol\":\"http\",\"brpc_channel_connection_type\":\"pooled\",\"recv_timeout_ms\":1200000,\"http_timeout_ms\":1200000}}";

    private readonly KusciaOptions _options;

    public KusciaJobMapper(KusciaOptions options) => _options = options;

    /// <summary>The Kuscia domain of a participant.</summary>
    /// <exception cref="ComputeEngineException">The participant has no domain under <c>Domains</c>.</exception>
    public string DomainOf(string participantId) =>
        _options.Domains.TryGetValue(participantId, out var domain)
            ? domain
            : throw new ComputeEngineException("invalid", $"participant '{participantId}' has no Kuscia domain; map it under Plugins:ComputeKuscia:Domains");

    /// <summary>The participant of a Kuscia domain, or null.</summary>
    public string? ParticipantOf(string? domainId) =>
        _options.Domains.FirstOrDefault(d => d.Value == domainId).Key;

    /// <summary>The Kuscia domain data id of a party's input.</summary>
    public string DomainDataOf(ComputeTaskInput input)
    {
        var id = _options.DomainData.TryGetValue(input.Reference, out var mapped) ? mapped : input.Reference;
        return KusciaOptions.IsLabel(id)
            ? id
            : throw new ComputeEngineException("invalid", $"input '{input.Reference}' is not a Kuscia domain data id (an RFC 1123 label); map it under Plugins:ComputeKuscia:DomainData");
    }

    /// <summary>The Kuscia task id of a task.</summary>
    public static string TaskIdOf(string jobId, ComputeTask task) => $"{jobId}-{task.Id}";

    /// <summary>The domain data id SecretFlow writes party <paramref name="index"/>'s result of <paramref name="task"/> to.</summary>
    public static string OutputIdOf(string jobId, ComputeTask task, int index) => $"{TaskIdOf(jobId, task)}-o{index}";

    /// <summary>The KusciaJob for <paramref name="job"/>.</summary>
    /// <exception cref="ComputeEngineException">The job asks for something SecretFlow through Kuscia does not run as asked.</exception>
    public CreateJobRequest ToKuscia(ComputeJob job)
    {
        if (!KusciaOptions.IsLabel(job.Id) || job.Id.Length > MaxJobIdLength)
        {
            throw new ComputeEngineException("invalid", $"job id '{job.Id}' must be an RFC 1123 label of at most {MaxJobIdLength} characters for Kuscia");
        }

        if (job.Tasks.Count is 0 or > 16)
        {
            throw new ComputeEngineException("invalid", "a Kuscia job has 1 to 16 tasks");
        }

        var ids = job.Tasks.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        var tasks = new List<KusciaTask>(job.Tasks.Count);
        foreach (var task in job.Tasks)
        {
            if (!KusciaOptions.IsLabel(task.Id) || task.Id.Length > MaxTaskIdLength)
            {
                throw new ComputeEngineException("invalid", $"task id '{task.Id}' must be an RFC 1123 label of at most {MaxTaskIdLength} characters for Kuscia");
            }

            var unknown = task.DependsOn?.FirstOrDefault(d => !ids.Contains(d));
            if (unknown is not null)
            {
                throw new ComputeEngineException("invalid", $"task '{task.Id}' depends on '{unknown}', which is not a task of the job");
            }

            tasks.Add(new KusciaTask
            {
                TaskId = TaskIdOf(job.Id, task),
                Alias = task.Id,
                AppImage = _options.AppImage,
                Parties = task.Parties.Select(p => new KusciaParty { DomainId = DomainOf(p.ParticipantId) }).ToList(),
                Dependencies = (task.DependsOn ?? []).Select(d => TaskIdOf(job.Id, job.Tasks.First(t => t.Id == d))).ToList(),
                TaskInputConfig = TaskInputConfig(job, task),
                Priority = 100,
            });
        }

        return new CreateJobRequest
        {
            JobId = job.Id,
            Initiator = DomainOf(job.Initiator),
            MaxParallelism = 1,
            Tasks = tasks,
        };
    }

    /// <summary>SecretFlow's task_input_config for <paramref name="task"/>: data sources, cluster, component and its attributes, input and output ids.</summary>
    public string TaskInputConfig(ComputeJob job, ComputeTask task)
    {
        if (task.Component != ComputeComponents.PsiEcdh)
        {
            throw new ComputeEngineException("invalid", $"component '{task.Component}' is not run through Kuscia; the Kuscia adapter runs {ComputeComponents.PsiEcdh} (SecretFlow data_prep/psi)");
        }

        if (task.Parties.Count != 2 || task.Parties.Any(p => p.Input is null) || task.Parties[0].ParticipantId == task.Parties[1].ParticipantId)
        {
            throw new ComputeEngineException("invalid", $"task '{task.Id}': {ComputeComponents.PsiEcdh} through Kuscia needs two different parties, each with an input");
        }

        if (task.Attributes.TryGetValue("mode", out var mode) && !(mode.ValueKind == JsonValueKind.String && mode.GetString() == ReleaseKinds.Intersection))
        {
            throw new ComputeEngineException("invalid", $"task '{task.Id}': SecretFlow's psi through Kuscia releases the intersection only; mode '{mode}' is not supported (use the embedded engine)");
        }

        var keys = Keys(task);
        var receivers = new List<string>();
        foreach (var (participant, kinds) in task.Releases)
        {
            if (!task.Parties.Any(p => p.ParticipantId == participant))
            {
                throw new ComputeEngineException("invalid", $"task '{task.Id}': receiver '{participant}' is not a party of the task");
            }

            if (kinds.Count != 1 || kinds[0] != ReleaseKinds.Intersection)
            {
                throw new ComputeEngineException("invalid", $"task '{task.Id}': SecretFlow's psi through Kuscia releases '{ReleaseKinds.Intersection}' only, not '{string.Join(", ", kinds)}' (use the embedded engine)");
            }

            receivers.Add(DomainOf(participant));
        }

        if (receivers.Count == 0)
        {
            throw new ComputeEngineException("invalid", $"task '{task.Id}' releases nothing to anyone; name a receiver of '{ReleaseKinds.Intersection}'");
        }

        var domains = task.Parties.Select(p => DomainOf(p.ParticipantId)).ToArray();
        var dataSources = new JsonObject();
        foreach (var domain in domains)
        {
            dataSources[domain] = new JsonObject { ["id"] = _options.DataSourceId };
        }

        var outputs = Enumerable.Range(0, domains.Length).Select(i => (JsonNode)OutputIdOf(job.Id, task, i)!).ToArray();
        var config = new JsonObject
        {
            ["sf_datasource_config"] = dataSources,
            ["sf_cluster_desc"] = new JsonObject
            {
                ["parties"] = Strings(domains),
                ["devices"] = new JsonArray(new JsonObject { ["name"] = "spu", ["type"] = "spu", ["parties"] = Strings(domains), ["config"] = SpuConfig }),
                ["ray_fed_config"] = new JsonObject { ["cross_silo_comm_backend"] = "brpc_link" },
            },
            ["sf_node_eval_param"] = new JsonObject
            {
                ["domain"] = "data_prep",
                ["name"] = "psi",
                ["version"] = "1.0.0",
                ["attr_paths"] = Strings(["input/input_ds1/keys", "input/input_ds2/keys", "protocol", "sort_result", "receiver_parties", "allow_empty_result", "join_type", "input_ds1_keys_duplicated", "input_ds2_keys_duplicated"]),
                ["attrs"] = new JsonArray(
                    new JsonObject { ["is_na"] = false, ["ss"] = Strings(keys) },
                    new JsonObject { ["is_na"] = false, ["ss"] = Strings(keys) },
                    new JsonObject { ["is_na"] = false, ["s"] = "PROTOCOL_ECDH" },
                    new JsonObject { ["b"] = true, ["is_na"] = false },
                    new JsonObject { ["is_na"] = false, ["ss"] = Strings(receivers) },
                    new JsonObject { ["is_na"] = true },
                    new JsonObject { ["is_na"] = false, ["s"] = "inner_join" },
                    new JsonObject { ["b"] = true, ["is_na"] = false },
                    new JsonObject { ["b"] = true, ["is_na"] = false }),
            },
            ["sf_input_ids"] = Strings(task.Parties.Select(p => DomainDataOf(p.Input!))),
            ["sf_output_ids"] = new JsonArray(outputs.Select(o => o!.DeepClone()).ToArray()),
            ["sf_output_uris"] = new JsonArray(outputs),
        };
        return config.ToJsonString();
    }

    /// <summary>The job with Kuscia's status applied: state, per-provider approvals, completed tasks, progress, a short reason.</summary>
    public ComputeJob Apply(ComputeJob job, JobStatusDetail status, DateTimeOffset now)
    {
        var state = StateOf(status.State) ?? job.State;
        var tasks = status.Tasks ?? [];
        var completed = tasks.Where(t => t.State == "Succeeded" && job.Tasks.Any(j => j.Id == t.Alias)).Select(t => t.Alias!).Distinct(StringComparer.Ordinal).ToList();
        var progress = tasks.Count == 0 ? job.Progress : Math.Clamp(tasks.Average(t => double.IsFinite(t.Progress) ? Math.Clamp(t.Progress, 0, 1) : 0), 0, 1);
        if (state == ComputeJobState.Succeeded)
        {
            progress = 1;
        }

        var approvals = job.Approvals.ToList();
        foreach (var party in status.ApproveStatusList ?? [])
        {
            var participant = ParticipantOf(party.DomainId);
            var decision = party.State switch
            {
                "JobAccepted" => ComputeApprovalDecision.Approved,
                "JobRejected" => ComputeApprovalDecision.Rejected,
                _ => (ComputeApprovalDecision?)null,
            };
            var index = approvals.FindIndex(a => a.ParticipantId == participant);
            if (participant is null || decision is null || index < 0 || approvals[index].Decision == decision)
            {
                continue;
            }

            approvals[index] = approvals[index] with { Decision = decision.Value, At = now };
        }

        // Kuscia's own error texts name hosts, paths and data: the job's reason says only which task or party it was.
        var reason = state switch
        {
            ComputeJobState.Failed => job.Reason ?? FailedReason(tasks),
            ComputeJobState.Rejected => job.Reason ?? $"the job was rejected in Kuscia by {string.Join(", ", (status.ApproveStatusList ?? []).Where(p => p.State == "JobRejected").Select(p => ParticipantOf(p.DomainId) ?? "another domain"))}",
            ComputeJobState.Stopped => job.Reason ?? "the job was cancelled in Kuscia",
            _ => job.Reason,
        };

        return job with
        {
            State = job.State is ComputeJobState.Succeeded or ComputeJobState.Failed or ComputeJobState.Rejected or ComputeJobState.Stopped ? job.State : state,
            Approvals = approvals,
            CompletedTasks = completed,
            Progress = progress,
            Phase = tasks.FirstOrDefault(t => t.State == "Running")?.Alias is { } running ? $"kuscia:{running}" : job.Phase,
            Reason = reason,
            UpdatedAt = now,
        };
    }

    /// <summary>Kuscia's job state (job.proto JobState) as a compute job state; null for Unknown or an empty state.</summary>
    /// <exception cref="KusciaException">A state Kuscia does not define.</exception>
    public static ComputeJobState? StateOf(string? state) => state switch
    {
        null or "" or "Unknown" => null,
        "Initialized" or "Pending" => ComputeJobState.Approved,
        "AwaitingApproval" => ComputeJobState.AwaitingApproval,
        "Running" => ComputeJobState.Running,
        "Suspended" => ComputeJobState.Suspended,
        "Succeeded" => ComputeJobState.Succeeded,
        "Failed" => ComputeJobState.Failed,
        "ApprovalReject" => ComputeJobState.Rejected,
        "Cancelled" => ComputeJobState.Stopped,
        _ => throw new KusciaException(KusciaFailure.Malformed, "KusciaAPI answered a job state that job.proto does not define"),
    };

    /// <summary>Whether a state is final.</summary>
    public static bool IsFinal(ComputeJobState state) => state is ComputeJobState.Succeeded or ComputeJobState.Failed or ComputeJobState.Rejected or ComputeJobState.Stopped;

    private static string FailedReason(IReadOnlyList<KusciaTaskStatus> tasks) =>
        tasks.FirstOrDefault(t => t.State == "Failed")?.Alias is { } alias && KusciaOptions.IsLabel(alias)
            ? $"task '{alias}' failed in Kuscia (SecretFlow); its details are in the Kuscia logs of the failing party"
            : "the job failed in Kuscia (SecretFlow); its details are in the Kuscia logs";

    private static List<string> Keys(ComputeTask task)
    {
        if (!task.Attributes.TryGetValue("keys", out var keys))
        {
            throw new ComputeEngineException("invalid", $"task '{task.Id}' needs the attribute 'keys': the key column name(s) both inputs join on");
        }

        var names = keys.ValueKind switch
        {
            JsonValueKind.String => [keys.GetString()!],
            JsonValueKind.Array when keys.GetArrayLength() is > 0 and <= 16 && keys.EnumerateArray().All(k => k.ValueKind == JsonValueKind.String)
                => keys.EnumerateArray().Select(k => k.GetString()!).ToList(),
            _ => (List<string>?)null,
        };
        return names is not null && names.All(n => n.Length is > 0 and <= 128 && !n.Any(char.IsControl))
            ? names
            : throw new ComputeEngineException("invalid", $"task '{task.Id}': 'keys' must be a column name or a list of 1 to 16 column names");
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}

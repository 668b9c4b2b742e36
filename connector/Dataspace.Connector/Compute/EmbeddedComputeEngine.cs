using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using Dataspace.Connector.Transfer;
using Dataspace.Sdk.Audit;
using Dataspace.Sdk.Compute;
using Dataspace.Sdk.Metering;
using Dataspace.Sdk.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Compute;

/// <summary>
/// This connector's compute engine: jobs bound to DSP agreements, approved by each provider (automatically when they
/// fit the agreement), run task by task with the registered components over the connectors' task channel, their
/// state, progress and outcome shared with every party, their outputs kept for their receivers.
/// </summary>
/// <remarks>
/// The initiating consumer drives a job: it proposes it to each provider, starts it when all approved, and ends it when
/// every party reported its part done or one failed; providers report to it. Every transition is stored before it is
/// announced. A run lives in this process: after a restart, an unfinished job is failed by whoever asks for it
/// (<see cref="GetAsync"/> does not resume it), so no party waits for a peer that forgot.
/// </remarks>
public sealed partial class EmbeddedComputeEngine : IComputeEngine, IAsyncDisposable
{
    private readonly ComputeSelf _self;
    private readonly IComputeJobStore _store;
    private readonly IAgreementStore _agreements;
    private readonly IAssetStore _assets;
    private readonly DataAddressRegistry _dataAddresses;
    private readonly FrozenDictionary<string, IComputeComponent> _components;
    private readonly IComputeChannelFactory _channels;
    private readonly IComputePeers _peers;
    private readonly ComputeAgreementCheck _check;
    private readonly IAuditLog _audit;
    private readonly IUsageRecordStore _usage;
    private readonly ComputeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<EmbeddedComputeEngine> _logger;
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _runs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _changes = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Creates the engine; fails when two components claim one name.</summary>
    internal EmbeddedComputeEngine(
        ComputeSelf self,
        IComputeJobStore store,
        IAgreementStore agreements,
        IAssetStore assets,
        DataAddressRegistry dataAddresses,
        IEnumerable<IComputeComponent> components,
        IComputeChannelFactory channels,
        IComputePeers peers,
        ComputeAgreementCheck check,
        IAuditLog audit,
        IUsageRecordStore usage,
        IOptions<ComputeOptions> options,
        TimeProvider time,
        ILogger<EmbeddedComputeEngine> logger)
    {
        _self = self;
        _store = store;
        _agreements = agreements;
        _assets = assets;
        _dataAddresses = dataAddresses;
        var byName = new Dictionary<string, IComputeComponent>(StringComparer.Ordinal);
        foreach (var component in components)
        {
            if (!byName.TryAdd(component.Name, component))
                throw new InvalidOperationException($"two compute components are named '{component.Name}': {byName[component.Name].GetType().FullName} and {component.GetType().FullName}");
        }

        _components = byName.ToFrozenDictionary(StringComparer.Ordinal);
        _channels = channels;
        _peers = peers;
        _check = check;
        _audit = audit;
        _usage = usage;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>The names of the components this engine runs.</summary>
    public IEnumerable<string> Components => _components.Keys;

    private string OutputRoot => Path.IsPathRooted(_options.OutputDirectory) ? _options.OutputDirectory : Path.Combine(_self.DataDirectory, _options.OutputDirectory);

    /// <summary>The full path of a table or blob output's file (its <see cref="ComputeJobOutput.Content"/>), kept under the output folder.</summary>
    public string OutputPath(ComputeJobOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var root = Path.GetFullPath(OutputRoot);
        var path = Path.GetFullPath(Path.Combine(root, output.Content));
        return path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? path
            : throw new InvalidOperationException($"output '{output.Name}' of job '{output.JobId}' points outside the output folder");
    }

    /// <inheritdoc/>
    public async Task<ComputeJob> ProposeAsync(ComputeJobRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = _time.GetUtcNow();
        var job = new ComputeJob
        {
            Id = request.Id ?? $"job-{Guid.NewGuid():N}",
            Initiator = _self.ParticipantId,
            InitiatorEndpoint = _self.DspEndpoint,
            Tasks = request.Tasks ?? [],
            Agreements = request.Agreements ?? [],
            State = ComputeJobState.Proposed,
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (ComputeJobValidator.Check(job, _options) is { } problem) throw new ComputeEngineException("invalid", problem);
        foreach (var task in job.Tasks)
        {
            if (!task.Parties.Any(p => p.ParticipantId == _self.ParticipantId))
                throw new ComputeEngineException("invalid", $"task '{task.Id}': the initiator {_self.ParticipantId} is not one of its parties");
            if (!_components.TryGetValue(task.Component, out var component))
                throw new ComputeEngineException("invalid", $"task '{task.Id}': component {task.Component} is not available here (available: {string.Join(", ", _components.Keys.Order(StringComparer.Ordinal))})");
            if (ComputeJobValidator.Fit(task, component.Descriptor) is { } misfit) throw new ComputeEngineException("invalid", misfit);
        }

        // Bound like a pull token: each provider's agreement must be one we hold as its consumer, on the asset its input names.
        foreach (var bound in job.Agreements)
        {
            var agreement = await _agreements.GetAsync(bound.AgreementId, cancellationToken).ConfigureAwait(false);
            if (agreement is null || agreement.ConsumerId != _self.ParticipantId || agreement.ProviderId != bound.ProviderId)
                throw new ComputeEngineException("forbidden", $"there is no agreement '{bound.AgreementId}' between consumer {_self.ParticipantId} and provider {bound.ProviderId}: a job runs only under an agreement with every participating provider");
            if (bound.ProviderEndpoint is null)
                throw new ComputeEngineException("invalid", $"the agreement '{bound.AgreementId}' of {bound.ProviderId} names no provider endpoint: expected its DSP base address");
            if (AssetMismatch(job, bound, agreement) is { } mismatch) throw new ComputeEngineException("forbidden", mismatch);
        }

        if (!await _store.CreateAsync(job, cancellationToken).ConfigureAwait(false))
            throw new ComputeEngineException("conflict", $"a job with id '{job.Id}' exists already");
        job = (await _store.GetAsync(job.Id, cancellationToken).ConfigureAwait(false))!;
        await AuditAsync(job, "proposed", _self.ParticipantId, null, cancellationToken).ConfigureAwait(false);
        LogProposed(job.Id, job.Tasks.Count, job.Agreements.Count);

        var approvals = new List<ComputeApproval>();
        foreach (var bound in job.Agreements)
        {
            ComputeJob answer;
            try
            {
                answer = await _peers.ProposeAsync(new ComputePeerEndpoint(bound.ProviderId, bound.ProviderEndpoint!), job, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ComputeEngineException or HttpRequestException or IOException or TimeoutException or InvalidOperationException)
            {
                var reason = $"provider {bound.ProviderId} refused or could not receive the job: {e.Message}";
                job = await EndAsync(job.Id, ComputeJobState.Failed, reason, notifyFrom: bound.ProviderId, cancellationToken).ConfigureAwait(false);
                return job;
            }

            if (answer.State is ComputeJobState.Failed or ComputeJobState.Rejected)
            {
                var reason = $"provider {bound.ProviderId} {(answer.State == ComputeJobState.Rejected ? "rejected" : "refused")} the job: {answer.Reason}";
                return await EndAsync(job.Id, answer.State, reason, notifyFrom: bound.ProviderId, cancellationToken).ConfigureAwait(false);
            }

            approvals.Add(answer.Approvals.FirstOrDefault(a => a.ParticipantId == bound.ProviderId)
                ?? new ComputeApproval(bound.ProviderId, ComputeApprovalDecision.Pending, false, "the provider gave no decision", _time.GetUtcNow()));
        }

        job = await UpdateAsync(job.Id, current => current.State != ComputeJobState.Proposed ? null : current with
        {
            // A provider's decision may have arrived as a notice while we were still proposing to the others.
            Approvals = Merge(current.Approvals, approvals),
        }, cancellationToken).ConfigureAwait(false);
        return await AdvanceAsync(job, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<ComputeJob> ReceiveAsync(ComputeJob proposed, string from, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proposed);
        if (proposed.Initiator != from)
            throw new ComputeEngineException("forbidden", $"the job names initiator {proposed.Initiator}, but {from} sent it: expected the initiator to propose its own job");
        if (ComputeJobValidator.Check(proposed, _options) is { } problem) throw new ComputeEngineException("invalid", problem);
        if (proposed.InitiatorEndpoint is null) throw new ComputeEngineException("invalid", "the job names no initiator endpoint: expected the consumer's DSP base address");
        var bound = proposed.Agreements.FirstOrDefault(a => a.ProviderId == _self.ParticipantId)
            ?? throw new ComputeEngineException("forbidden", $"the job names no agreement with {_self.ParticipantId}: a job runs only under an agreement with every participating provider");
        var agreement = await _agreements.GetAsync(bound.AgreementId, cancellationToken).ConfigureAwait(false);
        if (agreement is null || agreement.ProviderId != _self.ParticipantId || agreement.ConsumerId != from)
            throw new ComputeEngineException("forbidden", $"there is no agreement '{bound.AgreementId}' between provider {_self.ParticipantId} and consumer {from}");
        if (AssetMismatch(proposed, bound, agreement) is { } mismatch) throw new ComputeEngineException("forbidden", mismatch);

        if (await _store.GetAsync(proposed.Id, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing.Initiator == from && SameTasks(existing, proposed) ? existing
                : throw new ComputeEngineException("conflict", $"a job with id '{proposed.Id}' exists already");
        }

        var now = _time.GetUtcNow();
        var refusal = Unrunnable(proposed);
        var fit = refusal is null ? await _check.CheckAsync(proposed, agreement, _self.ParticipantId, cancellationToken).ConfigureAwait(false) : null;
        refusal ??= fit!.Refusal;
        var automatic = refusal is null && fit!.NeedsApproval is null && _options.AutoApprove;
        var approval = new ComputeApproval(_self.ParticipantId,
            refusal is not null ? ComputeApprovalDecision.Rejected : automatic ? ComputeApprovalDecision.Approved : ComputeApprovalDecision.Pending,
            refusal is null && automatic, refusal ?? fit!.NeedsApproval ?? (automatic ? null : "this connector approves every job by hand (Connector:Compute:AutoApprove is false)"), now);
        var job = proposed with
        {
            State = refusal is not null ? ComputeJobState.Failed : automatic ? ComputeJobState.Approved : ComputeJobState.AwaitingApproval,
            Reason = refusal,
            Approvals = [approval],
            Progress = 0,
            Phase = null,
            CompletedTasks = [],
            FinishedParties = [],
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (!await _store.CreateAsync(job, cancellationToken).ConfigureAwait(false))
            throw new ComputeEngineException("conflict", $"a job with id '{proposed.Id}' exists already");
        job = (await _store.GetAsync(job.Id, cancellationToken).ConfigureAwait(false))!;
        await AuditAsync(job, "received", from, agreement.Id, cancellationToken).ConfigureAwait(false);
        await AuditAsync(job, refusal is not null ? "refused" : automatic ? "approved" : "held", _self.ParticipantId, agreement.Id, cancellationToken).ConfigureAwait(false);
        LogReceived(job.Id, from, job.State, job.Reason ?? approval.Reason);
        return job;
    }

    /// <inheritdoc/>
    public async Task<ComputeJob> ApproveAsync(string jobId, CancellationToken cancellationToken)
    {
        var job = await UpdateAsync(jobId, current =>
        {
            if (current.State != ComputeJobState.AwaitingApproval || Mine(current)?.Decision != ComputeApprovalDecision.Pending)
                throw new ComputeEngineException("conflict", $"job '{jobId}' is {current.State} and not waiting for {_self.ParticipantId}'s approval");
            return current with
            {
                State = ComputeJobState.Approved,
                Approvals = Merge(current.Approvals, [new ComputeApproval(_self.ParticipantId, ComputeApprovalDecision.Approved, false, null, _time.GetUtcNow())]),
            };
        }, cancellationToken).ConfigureAwait(false);
        await AuditAsync(job, "approved", _self.ParticipantId, MyAgreement(job), cancellationToken).ConfigureAwait(false);
        await TellAsync(job, new ComputeJobNotice(job.Id, ComputeJobState.Approved), cancellationToken).ConfigureAwait(false);
        return job;
    }

    /// <inheritdoc/>
    public async Task<ComputeJob> RejectAsync(string jobId, string reason, CancellationToken cancellationToken)
    {
        reason = Reason(reason, "rejected by the provider");
        var job = await UpdateAsync(jobId, current =>
        {
            if (current.State != ComputeJobState.AwaitingApproval || Mine(current)?.Decision != ComputeApprovalDecision.Pending)
                throw new ComputeEngineException("conflict", $"job '{jobId}' is {current.State} and not waiting for {_self.ParticipantId}'s approval");
            return current with
            {
                State = ComputeJobState.Rejected,
                Reason = $"{_self.ParticipantId} rejected the job: {reason}",
                Approvals = Merge(current.Approvals, [new ComputeApproval(_self.ParticipantId, ComputeApprovalDecision.Rejected, false, reason, _time.GetUtcNow())]),
            };
        }, cancellationToken).ConfigureAwait(false);
        await AuditAsync(job, "rejected", _self.ParticipantId, MyAgreement(job), cancellationToken).ConfigureAwait(false);
        await TellAsync(job, new ComputeJobNotice(job.Id, ComputeJobState.Rejected, reason), cancellationToken).ConfigureAwait(false);
        return job;
    }

    /// <inheritdoc/>
    public Task<ComputeJob?> GetAsync(string jobId, CancellationToken cancellationToken) => _store.GetAsync(jobId, cancellationToken);

    /// <summary>A page of this party's jobs, newest first.</summary>
    public Task<Page<ComputeJob>> ListAsync(ComputeJobQuery query, PageRequest page, CancellationToken cancellationToken) => _store.ListAsync(query, page, cancellationToken);

    /// <inheritdoc/>
    public async IAsyncEnumerable<ComputeJob> WatchAsync(string jobId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seen = -1;
        while (true)
        {
            // Take the signal before reading, so a change between the read and the wait is not missed.
            var changed = _changes.GetOrAdd(jobId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            var job = await _store.GetAsync(jobId, cancellationToken).ConfigureAwait(false)
                ?? throw new ComputeEngineException("not-found", $"there is no job '{jobId}'");
            if (job.Version != seen)
            {
                seen = job.Version;
                yield return job;
            }

            if (ComputeJobStates.IsFinal(job.State)) yield break;
            // Another instance on the same database changes jobs without signalling this one: look again now and then.
            await Task.WhenAny(changed, Task.Delay(TimeSpan.FromSeconds(1), _time, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <inheritdoc/>
    public async Task<ComputeJob> StopAsync(string jobId, string reason, CancellationToken cancellationToken)
    {
        reason = Reason(reason, "stopped");
        var job = await GetRequiredAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (ComputeJobStates.IsFinal(job.State)) throw new ComputeEngineException("conflict", $"job '{jobId}' is {job.State} already");
        return await EndAsync(jobId, ComputeJobState.Stopped, $"{_self.ParticipantId} stopped the job: {reason}", notifyFrom: null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<ComputeJob> SuspendAsync(string jobId, CancellationToken cancellationToken)
    {
        var job = await UpdateAsync(jobId, current => current.State == ComputeJobState.Running ? current with { State = ComputeJobState.Suspended }
            : throw new ComputeEngineException("conflict", $"job '{jobId}' is {current.State}: only a running job can be suspended"), cancellationToken).ConfigureAwait(false);
        CancelRun(jobId);
        await AuditAsync(job, "suspended", _self.ParticipantId, MyAgreement(job), cancellationToken).ConfigureAwait(false);
        await TellAsync(job, new ComputeJobNotice(job.Id, ComputeJobState.Suspended, $"suspended by {_self.ParticipantId}"), cancellationToken).ConfigureAwait(false);
        return job;
    }

    /// <inheritdoc/>
    public async Task<ComputeJob> RestartAsync(string jobId, CancellationToken cancellationToken)
    {
        var job = await GetRequiredAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (job.Initiator != _self.ParticipantId) throw new ComputeEngineException("conflict", $"only the initiator {job.Initiator} restarts job '{jobId}'");
        job = await UpdateAsync(jobId, current => current.State == ComputeJobState.Suspended ? current with { State = ComputeJobState.Approved, Reason = null }
            : throw new ComputeEngineException("conflict", $"job '{jobId}' is {current.State}: only a suspended job can be restarted"), cancellationToken).ConfigureAwait(false);
        return await AdvanceAsync(job, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ComputeJobOutput>> GetOutputsAsync(string jobId, CancellationToken cancellationToken)
    {
        _ = await GetRequiredAsync(jobId, cancellationToken).ConfigureAwait(false);
        // Only what this party received: the store holds nothing else, and the receiver filter says so.
        return await _store.ListOutputsAsync(jobId, _self.ParticipantId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Saves an uploaded CSV input under the output folder's <c>inputs</c>; its path, or null when it is larger than <paramref name="limit"/>.</summary>
    public async Task<string?> SaveInputAsync(string name, Stream content, long limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var folder = Path.Combine(OutputRoot, "inputs");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        var temp = path + ".part";
        long total = 0;
        await using (var target = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
                if (total > limit) break;
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }

        if (total > limit)
        {
            File.Delete(temp);
            return null;
        }

        File.Move(temp, path, overwrite: true);
        return path;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var run in _runs.Values) run.Dispose();
        _stopping.Dispose();
    }

    private async Task<ComputeJob> GetRequiredAsync(string jobId, CancellationToken cancellationToken)
        => await _store.GetAsync(jobId, cancellationToken).ConfigureAwait(false) ?? throw new ComputeEngineException("not-found", $"there is no job '{jobId}'");

    private ComputeApproval? Mine(ComputeJob job) => job.Approvals.FirstOrDefault(a => a.ParticipantId == _self.ParticipantId);

    private string? MyAgreement(ComputeJob job) => job.Agreements.FirstOrDefault(a => a.ProviderId == _self.ParticipantId)?.AgreementId;

    // A component we do not run or a task that does not fit it ends the job: no approval can make it run.
    private string? Unrunnable(ComputeJob job)
    {
        foreach (var task in job.Tasks.Where(t => t.Parties.Any(p => p.ParticipantId == _self.ParticipantId)))
        {
            if (!_components.TryGetValue(task.Component, out var component))
                return $"task '{task.Id}': component {task.Component} is not available at {_self.ParticipantId}";
            if (ComputeJobValidator.Fit(task, component.Descriptor) is { } misfit) return misfit;
        }

        return null;
    }

    // The provider's inputs must be the agreement's asset, under that agreement.
    private static string? AssetMismatch(ComputeJob job, ComputeJobAgreement bound, ContractAgreementRecord agreement)
    {
        foreach (var party in job.Tasks.SelectMany(t => t.Parties).Where(p => p.ParticipantId == bound.ProviderId && p.Input is not null))
        {
            if (party.Input!.Kind != ComputeTaskInput.Asset || party.Input.AgreementId != agreement.Id || party.Input.Reference != agreement.AssetId)
                return $"the input of {bound.ProviderId} must be asset '{agreement.AssetId}' under agreement '{agreement.Id}', not {party.Input.Kind} '{party.Input.Reference}'";
        }

        return null;
    }

    private static bool SameTasks(ComputeJob a, ComputeJob b)
        => ComputeJobJson.Serialize(a with { State = default, Approvals = [], Reason = null, Progress = 0, Phase = null, CompletedTasks = [], FinishedParties = [], CreatedAt = default, UpdatedAt = default, Version = 0 })
        == ComputeJobJson.Serialize(b with { State = default, Approvals = [], Reason = null, Progress = 0, Phase = null, CompletedTasks = [], FinishedParties = [], CreatedAt = default, UpdatedAt = default, Version = 0 });

    private static IReadOnlyList<ComputeApproval> Merge(IReadOnlyList<ComputeApproval> current, IReadOnlyList<ComputeApproval> decided)
        => [.. current.Where(a => !decided.Any(d => d.ParticipantId == a.ParticipantId) || (a.Decision != ComputeApprovalDecision.Pending && decided.First(d => d.ParticipantId == a.ParticipantId).Decision == ComputeApprovalDecision.Pending)),
            .. decided.Where(d => !current.Any(a => a.ParticipantId == d.ParticipantId && a.Decision != ComputeApprovalDecision.Pending && d.Decision == ComputeApprovalDecision.Pending))];

    private static string Reason(string? reason, string fallback)
    {
        var text = string.IsNullOrWhiteSpace(reason) ? fallback : reason.Trim();
        return text.Length <= 1000 ? text : text[..1000];
    }
}

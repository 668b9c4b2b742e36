using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Dataspace.Plugins.Compute.Kuscia.Api;
using Dataspace.Sdk.Compute;
using Microsoft.Extensions.Logging;

namespace Dataspace.Plugins.Compute.Kuscia;

/// <summary>
/// The compute engine contract on SecretFlow through Kuscia: a job becomes a KusciaJob at this connector's Kuscia,
/// providers' data is granted to the initiator's domain with a signed DomainDataGrant, approvals go through Kuscia's
/// approve API, and Kuscia's job status (queried and watched) drives the job this party stores.
/// </summary>
/// <remarks>Called concurrently; every change to a stored job is an optimistic update of the version read.</remarks>
public sealed partial class KusciaComputeEngine : IComputeEngine, IDisposable
{
    private const int MaxReasonLength = 500;
    private static readonly TimeSpan GrantLifetime = TimeSpan.FromDays(1);
    private readonly KusciaClient _kuscia;
    private readonly KusciaJobMapper _mapper;
    private readonly KusciaOptions _options;
    private readonly IComputeJobStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<KusciaComputeEngine> _logger;
    private readonly Dictionary<string, RSA> _domainKeys;

    internal KusciaComputeEngine(KusciaClient kuscia, KusciaOptions options, IComputeJobStore store, TimeProvider time, ILogger<KusciaComputeEngine> logger)
    {
        _kuscia = kuscia;
        _options = options;
        _mapper = new KusciaJobMapper(options);
        _store = store;
        _time = time;
        _logger = logger;
        _domainKeys = options.DomainKeys.ToDictionary(k => k.Key, k => LoadKey(k.Key, k.Value), StringComparer.Ordinal);
    }

    private string Self => _options.ParticipantId;

    /// <summary>Releases the domain keys held for signing grants.</summary>
    public void Dispose()
    {
        foreach (var key in _domainKeys.Values)
        {
            key.Dispose();
        }
    }

    /// <inheritdoc/>
    public async Task<ComputeJob> ProposeAsync(ComputeJobRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = _time.GetUtcNow();
        var job = new ComputeJob
        {
            Id = request.Id ?? $"job-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}",
            Initiator = Self,
            Tasks = request.Tasks,
            Agreements = request.Agreements,
            State = ComputeJobState.Proposed,
            Approvals = Providers(request.Tasks).Select(p => new ComputeApproval(p, ComputeApprovalDecision.Pending, false, null, now)).ToList(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        CheckBound(job);
        var kusciaJob = _mapper.ToKuscia(job);
        if (!await _store.CreateAsync(job, cancellationToken).ConfigureAwait(false))
        {
            throw new ComputeEngineException("conflict", $"a job with id '{job.Id}' exists already");
        }

        try
        {
            // Grants first: SecretFlow's tasks read the providers' data as soon as Kuscia schedules them.
            await GrantAsync(job, cancellationToken).ConfigureAwait(false);
            var created = await _kuscia.CreateJobAsync(kusciaJob, cancellationToken).ConfigureAwait(false);
            if (created.JobId != job.Id)
            {
                throw new KusciaException(KusciaFailure.Malformed, "KusciaAPI created the job under another id than asked");
            }
        }
        catch (KusciaException e)
        {
            var reason = $"Kuscia did not create the job: {e.Message}";
            await UpdateAsync(job.Id, j => j with { State = ComputeJobState.Failed, Reason = reason, UpdatedAt = _time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
            throw Refused(e, "create the job", job.Id);
        }

        LogProposed(_logger, job.Id, kusciaJob.Tasks.Count);
        return await GetAsync(job.Id, cancellationToken).ConfigureAwait(false) ?? job;
    }

    /// <inheritdoc/>
    public async Task<ComputeJob> ReceiveAsync(ComputeJob proposed, string from, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proposed);
        if (proposed.Initiator != from)
        {
            throw new ComputeEngineException("forbidden", $"'{from}' may not propose a job on behalf of '{proposed.Initiator}'");
        }

        if (!Providers(proposed.Tasks).Contains(Self))
        {
            throw new ComputeEngineException("invalid", "this connector is not a provider of the job");
        }

        CheckBound(proposed);
        _ = _mapper.ToKuscia(proposed);
        var now = _time.GetUtcNow();
        var job = proposed with
        {
            State = ComputeJobState.AwaitingApproval,
            Approvals = [new ComputeApproval(Self, ComputeApprovalDecision.Pending, false, "approval through Kuscia is manual", now)],
            Reason = null,
            CompletedTasks = [],
            FinishedParties = [],
            CreatedAt = now,
            UpdatedAt = now,
            Version = 0,
        };
        if (!await _store.CreateAsync(job, cancellationToken).ConfigureAwait(false))
        {
            var existing = await _store.GetAsync(job.Id, cancellationToken).ConfigureAwait(false);
            return existing is not null && existing.Initiator == from
                ? existing
                : throw new ComputeEngineException("conflict", $"a job with id '{job.Id}' exists already");
        }

        return await _store.GetAsync(job.Id, cancellationToken).ConfigureAwait(false) ?? job;
    }

    /// <inheritdoc/>
    public async Task<ComputeJob> ApproveAsync(string jobId, CancellationToken cancellationToken)
    {
        var job = await RequireAsync(jobId, cancellationToken).ConfigureAwait(false);
        RequirePending(job);
        try
        {
            await GrantAsync(job, cancellationToken).ConfigureAwait(false);
            await _kuscia.ApproveJobAsync(jobId, accept: true, "approved by the provider's connector", cancellationToken).ConfigureAwait(false);
        }
        catch (KusciaException e)
        {
            throw Refused(e, "approve the job", jobId);
        }

        var now = _time.GetUtcNow();
        await UpdateAsync(jobId, j => j with
        {
            State = j.State is ComputeJobState.Proposed or ComputeJobState.AwaitingApproval ? ComputeJobState.Approved : j.State,
            Approvals = Decide(j.Approvals, ComputeApprovalDecision.Approved, null, now),
            UpdatedAt = now,
        }, cancellationToken).ConfigureAwait(false);
        return await GetAsync(jobId, cancellationToken).ConfigureAwait(false) ?? job;
    }

    /// <inheritdoc/>
    public async Task<ComputeJob> RejectAsync(string jobId, string reason, CancellationToken cancellationToken)
    {
        CheckReason(reason);
        var job = await RequireAsync(jobId, cancellationToken).ConfigureAwait(false);
        RequirePending(job);
        try
        {
            await _kuscia.ApproveJobAsync(jobId, accept: false, reason, cancellationToken).ConfigureAwait(false);
        }
        catch (KusciaException e)
        {
            throw Refused(e, "reject the job", jobId);
        }

        var now = _time.GetUtcNow();
        return await UpdateAsync(jobId, j => j with
        {
            State = ComputeJobState.Rejected,
            Reason = reason,
            Approvals = Decide(j.Approvals, ComputeApprovalDecision.Rejected, reason, now),
            UpdatedAt = now,
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<ComputeJob?> GetAsync(string jobId, CancellationToken cancellationToken)
    {
        var job = await _store.GetAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (job is null || KusciaJobMapper.IsFinal(job.State))
        {
            return job;
        }

        QueryJobData status;
        try
        {
            status = await _kuscia.QueryJobAsync(jobId, cancellationToken).ConfigureAwait(false);
        }
        catch (KusciaException e) when (e.Failure is not KusciaFailure.Unauthorized)
        {
            // The stored job stays what it was: Kuscia may not know the job yet (a provider before the initiator's
            // Kuscia reached it), or it is down for a while.
            LogKusciaFailed(_logger, "query the job", jobId, e.Message, e.Detail);
            return job;
        }
        catch (KusciaException e)
        {
            throw Refused(e, "query the job", jobId);
        }

        try
        {
            return await ApplyAsync(job, status.JobId, status.Status, cancellationToken).ConfigureAwait(false);
        }
        catch (KusciaException e)
        {
            // An answer that is not about this job, or not Kuscia's, changes nothing stored.
            LogKusciaFailed(_logger, "read the status of the job", jobId, e.Message, e.Detail);
            return job;
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ComputeJob> WatchAsync(string jobId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var job = await GetAsync(jobId, cancellationToken).ConfigureAwait(false)
            ?? throw new ComputeEngineException("not-found", $"no compute job '{jobId}'");
        yield return job;
        var failures = 0;
        var backoff = TimeSpan.FromMilliseconds(200);
        IAsyncEnumerator<WatchJobEvent>? events = null;
        try
        {
            while (!KusciaJobMapper.IsFinal(job.State))
            {
                WatchJobEvent? next = null;
                try
                {
                    events ??= _kuscia.WatchJobsAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
                    next = await events.MoveNextAsync().ConfigureAwait(false) ? events.Current : null;
                }
                catch (KusciaException e) when (e.Failure is not KusciaFailure.Unauthorized)
                {
                    LogKusciaFailed(_logger, "watch the job", jobId, e.Message, e.Detail);
                }
                catch (KusciaException e)
                {
                    throw Refused(e, "watch the job", jobId);
                }

                if (next is null)
                {
                    // The stream ended or broke: reopen it after a bounded backoff, and query meanwhile so a change
                    // missed between two streams is not lost.
                    if (events is not null)
                    {
                        await events.DisposeAsync().ConfigureAwait(false);
                        events = null;
                    }

                    if (++failures > _options.MaxWatchAttempts)
                    {
                        throw new ComputeEngineException("unavailable", $"Kuscia's job watch stream failed {failures - 1} times in a row; job '{jobId}' is {job.State}");
                    }

                    await Task.Delay(backoff, _time, cancellationToken).ConfigureAwait(false);
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxWatchBackoff.Ticks));
                    var queried = await GetAsync(jobId, cancellationToken).ConfigureAwait(false) ?? job;
                    if (Changed(job, queried))
                    {
                        job = queried;
                        yield return job;
                    }

                    continue;
                }

                failures = 0;
                backoff = TimeSpan.FromMilliseconds(200);
                if (next.Type == 4 || next.Object?.JobId != jobId || next.Object.Status is null)
                {
                    continue; // A heartbeat, or another job's event.
                }

                var stored = await _store.GetAsync(jobId, cancellationToken).ConfigureAwait(false) ?? job;
                ComputeJob changed;
                try
                {
                    changed = await ApplyAsync(stored, next.Object.JobId, next.Object.Status, cancellationToken).ConfigureAwait(false);
                }
                catch (KusciaException e)
                {
                    LogKusciaFailed(_logger, "read a watch event of the job", jobId, e.Message, e.Detail);
                    continue;
                }

                if (Changed(job, changed))
                {
                    job = changed;
                    yield return job;
                }
            }
        }
        finally
        {
            if (events is not null)
            {
                await events.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc/>
    public async Task<ComputeJob> StopAsync(string jobId, string reason, CancellationToken cancellationToken)
    {
        CheckReason(reason);
        var job = await RequireAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (KusciaJobMapper.IsFinal(job.State))
        {
            throw new ComputeEngineException("conflict", $"job '{jobId}' is {job.State} already");
        }

        try
        {
            await _kuscia.StopJobAsync(jobId, reason, cancellationToken).ConfigureAwait(false);
        }
        catch (KusciaException e)
        {
            throw Refused(e, "stop the job", jobId);
        }

        return await UpdateAsync(jobId, j => j with { State = ComputeJobState.Stopped, Reason = reason, UpdatedAt = _time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<ComputeJob> SuspendAsync(string jobId, CancellationToken cancellationToken)
    {
        var job = await RequireAsync(jobId, cancellationToken).ConfigureAwait(false);
        try
        {
            await _kuscia.SuspendJobAsync(jobId, "suspended through the connector", cancellationToken).ConfigureAwait(false);
        }
        catch (KusciaException e)
        {
            throw Refused(e, "suspend the job", jobId);
        }

        return await GetAsync(jobId, cancellationToken).ConfigureAwait(false) ?? job;
    }

    /// <inheritdoc/>
    public async Task<ComputeJob> RestartAsync(string jobId, CancellationToken cancellationToken)
    {
        var job = await RequireAsync(jobId, cancellationToken).ConfigureAwait(false);
        try
        {
            await _kuscia.RestartJobAsync(jobId, "restarted through the connector", cancellationToken).ConfigureAwait(false);
        }
        catch (KusciaException e)
        {
            throw Refused(e, "restart the job", jobId);
        }

        // Kuscia runs the job again: a failed or suspended job is no longer final here either.
        await UpdateAsync(jobId, j => j with { State = ComputeJobState.Running, Reason = null, UpdatedAt = _time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
        return await GetAsync(jobId, cancellationToken).ConfigureAwait(false) ?? job;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ComputeJobOutput>> GetOutputsAsync(string jobId, CancellationToken cancellationToken)
    {
        var job = await RequireAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (job.State == ComputeJobState.Succeeded)
        {
            await CollectOutputsAsync(job, cancellationToken).ConfigureAwait(false);
        }

        return await _store.ListOutputsAsync(jobId, Self, cancellationToken).ConfigureAwait(false);
    }
}

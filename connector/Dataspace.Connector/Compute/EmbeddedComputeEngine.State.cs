using System.Text.Json.Nodes;
using Dataspace.Sdk.Audit;
using Dataspace.Sdk.Compute;

namespace Dataspace.Connector.Compute;

// Transitions: each is stored (optimistically, against the version read) before it is announced to the other parties.
public sealed partial class EmbeddedComputeEngine
{
    /// <summary>Takes a notice from another party of a job (<paramref name="from"/> is authenticated).</summary>
    /// <returns>This party's job after the notice.</returns>
    public async Task<ComputeJob> ReceiveNoticeAsync(ComputeJobNotice notice, string from, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var job = await GetRequiredAsync(notice.JobId, cancellationToken).ConfigureAwait(false);
        var initiator = job.Initiator == _self.ParticipantId;
        if (initiator ? !job.Participants.Contains(from, StringComparer.Ordinal) || from == _self.ParticipantId : from != job.Initiator)
            throw new ComputeEngineException("forbidden", $"{from} may not send notices about job '{job.Id}': expected {(initiator ? "one of its providers" : $"its initiator {job.Initiator}")}");
        var reason = notice.Reason is null ? null : Reason(notice.Reason, "");
        if (ComputeJobStates.IsFinal(job.State)) return job;

        switch (notice.State)
        {
            case ComputeJobState.Approved when initiator:
                job = await UpdateAsync(job.Id, current => current with
                {
                    Approvals = Merge(current.Approvals, [new ComputeApproval(from, ComputeApprovalDecision.Approved, false, null, _time.GetUtcNow())]),
                }, cancellationToken).ConfigureAwait(false);
                await AuditAsync(job, "approved", from, null, cancellationToken).ConfigureAwait(false);
                return job.State == ComputeJobState.Proposed ? job : await AdvanceAsync(job, cancellationToken).ConfigureAwait(false);
            case ComputeJobState.Rejected or ComputeJobState.Failed or ComputeJobState.Stopped:
                var prefix = initiator ? $"{from} {(notice.State == ComputeJobState.Rejected ? "rejected" : notice.State == ComputeJobState.Stopped ? "stopped" : "failed")} the job: " : "";
                return await EndAsync(job.Id, notice.State, prefix + (reason ?? "no reason given"), notifyFrom: from, cancellationToken).ConfigureAwait(false);
            case ComputeJobState.Succeeded when initiator:
                job = await UpdateAsync(job.Id, current => current with
                {
                    FinishedParties = [.. current.FinishedParties.Append(from).Distinct(StringComparer.Ordinal)],
                }, cancellationToken).ConfigureAwait(false);
                return await CompleteIfDoneAsync(job, cancellationToken).ConfigureAwait(false);
            case ComputeJobState.Succeeded:
                job = await UpdateAsync(job.Id, current => current with { State = ComputeJobState.Succeeded, Progress = 1, Reason = null }, cancellationToken).ConfigureAwait(false);
                await AuditAsync(job, "succeeded", from, MyAgreement(job), cancellationToken).ConfigureAwait(false);
                return job;
            case ComputeJobState.Running when initiator:
                return await UpdateAsync(job.Id, current => current with { Phase = notice.Phase is null ? current.Phase : $"{from}: {notice.Phase}" }, cancellationToken).ConfigureAwait(false);
            case ComputeJobState.Running when job.State is ComputeJobState.Approved or ComputeJobState.Suspended:
                return await StartRunAsync(job, cancellationToken).ConfigureAwait(false);
            case ComputeJobState.Suspended when job.State == ComputeJobState.Running:
                job = await UpdateAsync(job.Id, current => current with { State = ComputeJobState.Suspended }, cancellationToken).ConfigureAwait(false);
                CancelRun(job.Id);
                if (initiator) await TellAsync(job, new ComputeJobNotice(job.Id, ComputeJobState.Suspended, reason), cancellationToken, except: from).ConfigureAwait(false);
                return job;
            default:
                return job;
        }
    }

    // At the initiator: start when every provider approved, end when one rejected, otherwise wait.
    private async Task<ComputeJob> AdvanceAsync(ComputeJob job, CancellationToken cancellationToken)
    {
        if (job.Initiator != _self.ParticipantId || ComputeJobStates.IsFinal(job.State)) return job;
        if (job.Approvals.FirstOrDefault(a => a.Decision == ComputeApprovalDecision.Rejected) is { } rejected)
            return await EndAsync(job.Id, ComputeJobState.Rejected, $"{rejected.ParticipantId} rejected the job: {rejected.Reason}", notifyFrom: rejected.ParticipantId, cancellationToken).ConfigureAwait(false);
        var providers = job.Agreements.Select(a => a.ProviderId).ToList();
        var allApproved = providers.All(p => job.Approvals.Any(a => a.ParticipantId == p && a.Decision == ComputeApprovalDecision.Approved));
        if (!allApproved)
        {
            return job.State == ComputeJobState.AwaitingApproval ? job
                : await UpdateAsync(job.Id, current => current.State is ComputeJobState.Proposed ? current with { State = ComputeJobState.AwaitingApproval } : null, cancellationToken).ConfigureAwait(false);
        }

        return await StartRunAsync(job, cancellationToken).ConfigureAwait(false);
    }

    // Every party finished its tasks: the job succeeded, and the providers are told.
    private async Task<ComputeJob> CompleteIfDoneAsync(ComputeJob job, CancellationToken cancellationToken)
    {
        if (ComputeJobStates.IsFinal(job.State) || !job.Participants.All(p => job.FinishedParties.Contains(p, StringComparer.Ordinal))) return job;
        var done = await UpdateAsync(job.Id, current => ComputeJobStates.IsFinal(current.State) ? null : current with { State = ComputeJobState.Succeeded, Progress = 1 }, cancellationToken).ConfigureAwait(false);
        if (done.State != ComputeJobState.Succeeded || done.Version == job.Version) return done;
        await AuditAsync(done, "succeeded", _self.ParticipantId, null, cancellationToken).ConfigureAwait(false);
        LogEnded(done.Id, done.State, null);
        await TellAsync(done, new ComputeJobNotice(done.Id, ComputeJobState.Succeeded, Progress: 1), cancellationToken).ConfigureAwait(false);
        return done;
    }

    // Ends a job for good (at most once), stops its run here and tells the parties that do not know yet.
    private async Task<ComputeJob> EndAsync(string jobId, ComputeJobState state, string reason, string? notifyFrom, CancellationToken cancellationToken)
    {
        var ended = false;
        var job = await UpdateAsync(jobId, current =>
        {
            if (ComputeJobStates.IsFinal(current.State)) return null;
            ended = true;
            return current with { State = state, Reason = Reason(reason, state.ToString()) };
        }, cancellationToken).ConfigureAwait(false);
        CancelRun(jobId);
        if (!ended) return job;
        await AuditAsync(job, state.ToString().ToLowerInvariant(), _self.ParticipantId, MyAgreement(job), cancellationToken).ConfigureAwait(false);
        LogEnded(job.Id, job.State, job.Reason);
        await TellAsync(job, new ComputeJobNotice(job.Id, state, job.Reason), cancellationToken, except: notifyFrom).ConfigureAwait(false);
        return job;
    }

    /// <summary>Applies <paramref name="change"/> to the stored job until it is stored (null: no change), and wakes its watchers.</summary>
    private async Task<ComputeJob> UpdateAsync(string jobId, Func<ComputeJob, ComputeJob?> change, CancellationToken cancellationToken)
    {
        while (true)
        {
            var current = await GetRequiredAsync(jobId, cancellationToken).ConfigureAwait(false);
            var next = change(current);
            if (next is null) return current;
            var stored = await _store.TryUpdateAsync(next with { UpdatedAt = _time.GetUtcNow(), Version = current.Version }, cancellationToken).ConfigureAwait(false);
            if (stored is not null)
            {
                if (_changes.TryRemove(jobId, out var signal)) signal.TrySetResult();
                return stored;
            }
        }
    }

    // Tells the other parties: the initiator tells every provider, a provider tells the initiator.
    private async Task TellAsync(ComputeJob job, ComputeJobNotice notice, CancellationToken cancellationToken, string? except = null)
    {
        var targets = job.Initiator == _self.ParticipantId
            ? job.Agreements.Where(a => a.ProviderId != except && a.ProviderEndpoint is not null).Select(a => new ComputePeerEndpoint(a.ProviderId, a.ProviderEndpoint!)).ToList()
            : job.Initiator != except && job.InitiatorEndpoint is not null ? [new ComputePeerEndpoint(job.Initiator, job.InitiatorEndpoint)] : [];
        foreach (var peer in targets)
        {
            var participant = peer.ParticipantId;
            try
            {
                await _peers.NotifyAsync(peer, notice, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // A party that cannot be told reads the job's state from us when it asks (GET {dsp}/compute/jobs/{id}).
                LogNoticeFailed(job.Id, participant, notice.State, e.Message);
            }
        }
    }

    private void CancelRun(string jobId)
    {
        if (_runs.TryRemove(jobId, out var run))
        {
            run.Cancel();
        }
    }

    private async Task AuditAsync(ComputeJob job, string step, string actor, string? agreementId, CancellationToken cancellationToken)
    {
        var details = new JsonObject
        {
            ["step"] = step,
            ["state"] = job.State.ToString(),
            ["initiator"] = job.Initiator,
            ["components"] = new JsonArray([.. job.Tasks.Select(t => (JsonNode)JsonValue.Create(t.Component))]),
        };
        if (job.Reason is { } reason) details["reason"] = reason;
        await _audit.AppendAsync(new AuditRecord
        {
            Type = AuditRecordTypes.Computation,
            Actor = actor,
            CounterParty = job.Initiator == _self.ParticipantId ? (job.Agreements.Count > 0 ? job.Agreements[0].ProviderId : null) : job.Initiator,
            ProcessId = job.Id,
            AgreementId = agreementId ?? (job.Agreements.Count > 0 ? job.Agreements[0].AgreementId : null),
            Details = details,
        }, cancellationToken).ConfigureAwait(false);
    }
}

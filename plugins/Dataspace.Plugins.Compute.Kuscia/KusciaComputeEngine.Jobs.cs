using System.Security.Cryptography;
using Dataspace.Plugins.Compute.Kuscia.Api;
using Dataspace.Sdk.Compute;

namespace Dataspace.Plugins.Compute.Kuscia;

/// <summary>The stored job's checks and updates, grants and outputs.</summary>
public sealed partial class KusciaComputeEngine
{
    // Kuscia's own code for "this grant exists already" (errorcode/error_code.proto KusciaAPIErrDomainDataGrantExists).
    private const int GrantExists = 11704;

    private static HashSet<string> Providers(IReadOnlyList<ComputeTask> tasks) =>
        tasks.SelectMany(t => t.Parties).Where(p => p.Input is { Kind: ComputeTaskInput.Asset }).Select(p => p.ParticipantId).ToHashSet(StringComparer.Ordinal);

    // No job runs without an agreement per provider: each asset input names the agreement that binds its provider to
    // the initiator.
    private static void CheckBound(ComputeJob job)
    {
        foreach (var party in job.Tasks.SelectMany(t => t.Parties).Where(p => p.Input is { Kind: ComputeTaskInput.Asset }))
        {
            var agreement = job.Agreements.FirstOrDefault(a => a.ProviderId == party.ParticipantId && a.AgreementId == party.Input!.AgreementId);
            if (agreement is null || agreement.ConsumerId != job.Initiator)
            {
                throw new ComputeEngineException("forbidden", $"the input of '{party.ParticipantId}' is not bound by an agreement of that provider with '{job.Initiator}'");
            }
        }
    }

    private static void CheckReason(string reason)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > MaxReasonLength || reason.Any(char.IsControl))
        {
            throw new ComputeEngineException("invalid", $"a reason is 1 to {MaxReasonLength} characters of text");
        }
    }

    private async Task<ComputeJob> RequireAsync(string jobId, CancellationToken cancellationToken) =>
        await _store.GetAsync(jobId, cancellationToken).ConfigureAwait(false) ?? throw new ComputeEngineException("not-found", $"no compute job '{jobId}'");

    private void RequirePending(ComputeJob job)
    {
        if (!job.Approvals.Any(a => a.ParticipantId == Self && a.Decision == ComputeApprovalDecision.Pending))
        {
            throw new ComputeEngineException("conflict", $"job '{job.Id}' does not wait for this connector's decision");
        }

        if (KusciaJobMapper.IsFinal(job.State))
        {
            throw new ComputeEngineException("conflict", $"job '{job.Id}' is {job.State} already");
        }
    }

    private List<ComputeApproval> Decide(IReadOnlyList<ComputeApproval> approvals, ComputeApprovalDecision decision, string? reason, DateTimeOffset now) =>
        approvals.Select(a => a.ParticipantId == Self ? a with { Decision = decision, Automatic = false, Reason = reason, At = now } : a).ToList();

    private static bool Changed(ComputeJob before, ComputeJob after) =>
        before.State != after.State || before.Progress != after.Progress || before.Phase != after.Phase || before.Reason != after.Reason
        || !before.CompletedTasks.SequenceEqual(after.CompletedTasks) || !before.Approvals.SequenceEqual(after.Approvals);

    private ComputeEngineException Refused(KusciaException e, string action, string jobId)
    {
        LogKusciaFailed(_logger, action, jobId, e.Message, e.Detail);
        var code = e.Failure switch
        {
            KusciaFailure.Refused => "conflict",
            _ => "unavailable",
        };
        return new ComputeEngineException(code, $"Kuscia could not {action} '{jobId}': {e.Message}");
    }

    // Kuscia's status is checked against the job before anything of it is stored.
    private async Task<ComputeJob> ApplyAsync(ComputeJob job, string? kusciaJobId, JobStatusDetail? status, CancellationToken cancellationToken)
    {
        if (kusciaJobId != job.Id || status is null)
        {
            throw new KusciaException(KusciaFailure.Malformed, "KusciaAPI answered the status of another job, or none");
        }

        if ((status.Tasks?.Count ?? 0) > 64 || (status.ApproveStatusList?.Count ?? 0) > 64)
        {
            throw new KusciaException(KusciaFailure.Malformed, "KusciaAPI answered more tasks or parties than the job has");
        }

        var now = _time.GetUtcNow();
        var applied = _mapper.Apply(job, status, now);
        if (!Changed(job, applied))
        {
            return job;
        }

        if (applied.State != job.State)
        {
            LogState(_logger, job.Id, job.State, applied.State);
        }

        return await UpdateAsync(job.Id, j => _mapper.Apply(j, status, now), cancellationToken).ConfigureAwait(false);
    }

    private async Task<ComputeJob> UpdateAsync(string jobId, Func<ComputeJob, ComputeJob> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var job = await RequireAsync(jobId, cancellationToken).ConfigureAwait(false);
            var updated = await _store.TryUpdateAsync(change(job), cancellationToken).ConfigureAwait(false);
            if (updated is not null)
            {
                return updated;
            }
        }

        throw new ComputeEngineException("conflict", $"job '{jobId}' kept changing while it was updated; try again");
    }

    // A grant per provider input whose domain this connector holds the key of: signed as Kuscia's DataMesh signs,
    // limited to this job (flow id), its initiator, its component and one day.
    private async Task GrantAsync(ComputeJob job, CancellationToken cancellationToken)
    {
        var initiatorDomain = _mapper.DomainOf(job.Initiator);
        var number = 0;
        foreach (var task in job.Tasks)
        {
            foreach (var party in task.Parties)
            {
                number++;
                if (party.Input is not { Kind: ComputeTaskInput.Asset } input || party.ParticipantId == job.Initiator)
                {
                    continue;
                }

                var domain = _mapper.DomainOf(party.ParticipantId);
                if (!_domainKeys.TryGetValue(domain, out var key))
                {
                    continue;
                }

                var expiry = _time.GetUtcNow().Add(GrantLifetime).ToUnixTimeSeconds();
                var grant = new CreateGrantRequest
                {
                    DomaindatagrantId = $"{job.Id}-g{number}",
                    DomaindataId = _mapper.DomainDataOf(input),
                    GrantDomain = initiatorDomain,
                    DomainId = domain,
                    Limit = new GrantLimit
                    {
                        ExpirationTime = expiry * 1_000_000_000,
                        UseCount = 1,
                        FlowId = job.Id,
                        Components = ["psi"],
                        Initiator = initiatorDomain,
                    },
                    Description = new Dictionary<string, string>(StringComparer.Ordinal)
                    {
                        ["dsp-agreement"] = input.AgreementId!,
                        ["dsp-provider"] = party.ParticipantId,
                        ["dsp-consumer"] = job.Initiator,
                    },
                };
                grant = grant with { Signature = KusciaGrantSigner.Sign(grant, key) };
                try
                {
                    var created = await _kuscia.CreateGrantAsync(grant, cancellationToken).ConfigureAwait(false);
                    if (created.DomaindatagrantId != grant.DomaindatagrantId)
                    {
                        throw new KusciaException(KusciaFailure.Malformed, "KusciaAPI created the grant under another id than asked");
                    }
                }
                catch (KusciaException e) when (e.Code == GrantExists)
                {
                    // Granted by an earlier attempt for the same job: the id is the job's.
                }

                LogGranted(_logger, job.Id, grant.DomaindataId, initiatorDomain);
            }
        }
    }

    private async Task CollectOutputsAsync(ComputeJob job, CancellationToken cancellationToken)
    {
        foreach (var task in job.Tasks)
        {
            if (!task.Releases.ContainsKey(Self))
            {
                continue;
            }

            for (var i = 0; i < task.Parties.Count; i++)
            {
                if (task.Parties[i].ParticipantId != Self)
                {
                    continue;
                }

                var id = KusciaJobMapper.OutputIdOf(job.Id, task, i);
                KusciaDomainData data;
                try
                {
                    data = await _kuscia.QueryDomainDataAsync(_options.DomainId, id, cancellationToken).ConfigureAwait(false);
                }
                catch (KusciaException e)
                {
                    throw Refused(e, "read the output of", job.Id);
                }

                var location = OutputLocation(data, id);
                await _store.AddOutputAsync(new ComputeJobOutput(job.Id, task.Id, id, Self, ReleaseKinds.Intersection, ComputeJobOutput.Table, location, "text/csv", 0, _time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // The result stays in this party's Kuscia data source: the output names where, checked so a lying Kuscia cannot
    // point outside it.
    private string OutputLocation(KusciaDomainData data, string id)
    {
        if (data.DomaindataId != id || (data.DomainId is not null && data.DomainId != _options.DomainId))
        {
            throw Refused(new KusciaException(KusciaFailure.Malformed, "KusciaAPI answered another domain data than asked"), "read the output of", id);
        }

        var source = string.IsNullOrEmpty(data.DatasourceId) ? _options.DataSourceId : data.DatasourceId;
        var path = data.RelativeUri;
        if (!KusciaOptions.IsLabel(source) || string.IsNullOrEmpty(path) || path.Length > 1024 || path.Any(char.IsControl) || path.StartsWith('/')
            || path.Split('/', '\\').Any(segment => segment == ".."))
        {
            throw Refused(new KusciaException(KusciaFailure.Malformed, "KusciaAPI answered an output location that is not a relative path in a data source"), "read the output of", id);
        }

        return $"kuscia://{_options.DomainId}/{source}/{path}";
    }

    private static RSA LoadKey(string domain, string path)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(File.ReadAllText(path));
            return rsa;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
            throw new InvalidOperationException($"Plugins:ComputeKuscia:DomainKeys:{domain} '{path}' must be a PEM RSA private key (Kuscia's domain key)", e);
        }
    }
}

using Dataspace.Policies.Compilation;
using Dataspace.Policies.Compute;
using Dataspace.Sdk.Compute;
using Dataspace.Sdk.Metering;
using Dataspace.Sdk.Storage;
using Dataspace.Sdk.Transfer;

namespace Dataspace.Connector.Compute;

// Running this party's side of a job: its tasks in order, each with the component, inputs, channel and release policy.
public sealed partial class EmbeddedComputeEngine
{
    private async Task<ComputeJob> StartRunAsync(ComputeJob job, CancellationToken cancellationToken)
    {
        var started = false;
        job = await UpdateAsync(job.Id, current =>
        {
            if (current.State is not (ComputeJobState.Proposed or ComputeJobState.Approved or ComputeJobState.Suspended or ComputeJobState.AwaitingApproval)) return null;
            started = true;
            return current with { State = ComputeJobState.Running, Reason = null };
        }, cancellationToken).ConfigureAwait(false);
        if (!started) return job;

        await AuditAsync(job, "started", _self.ParticipantId, MyAgreement(job), cancellationToken).ConfigureAwait(false);
        var run = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        if (_runs.TryAdd(job.Id, run))
        {
            var id = job.Id;
            _ = Task.Run(() => RunLocalAsync(id, run), CancellationToken.None);
        }
        else
        {
            run.Dispose();
        }

        if (job.Initiator == _self.ParticipantId)
        {
            await TellAsync(job, new ComputeJobNotice(job.Id, ComputeJobState.Running), cancellationToken).ConfigureAwait(false);
        }

        return job;
    }

    private async Task RunLocalAsync(string jobId, CancellationTokenSource run)
    {
        var cancellationToken = run.Token;
        try
        {
            var job = await GetRequiredAsync(jobId, cancellationToken).ConfigureAwait(false);
            var mine = job.Tasks.Where(t => t.Parties.Any(p => p.ParticipantId == _self.ParticipantId)).ToList();
            foreach (var task in mine.Where(t => !job.CompletedTasks.Contains(t.Id, StringComparer.Ordinal)))
            {
                var done = job.CompletedTasks.Count;
                var failure = await RunTaskAsync(job, task, new Progress(this, job.Id, done, mine.Count), cancellationToken).ConfigureAwait(false);
                if (failure is not null)
                {
                    await EndAsync(jobId, ComputeJobState.Failed, $"task '{task.Id}' ({task.Component}) failed at {_self.ParticipantId}: {failure}", notifyFrom: null, CancellationToken.None).ConfigureAwait(false);
                    return;
                }

                job = await UpdateAsync(jobId, current => current with
                {
                    CompletedTasks = [.. current.CompletedTasks.Append(task.Id).Distinct(StringComparer.Ordinal)],
                    Progress = Math.Max(current.Progress, (done + 1.0) / mine.Count),
                }, cancellationToken).ConfigureAwait(false);
            }

            if (job.Initiator == _self.ParticipantId)
            {
                job = await UpdateAsync(jobId, current => current with { FinishedParties = [.. current.FinishedParties.Append(_self.ParticipantId).Distinct(StringComparer.Ordinal)] }, CancellationToken.None).ConfigureAwait(false);
                await CompleteIfDoneAsync(job, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                await TellAsync(job, new ComputeJobNotice(jobId, ComputeJobState.Succeeded, Progress: 1), CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped, suspended or ended by another party: whoever cancelled stored the state.
        }
        catch (Exception e)
        {
            LogRunFailed(jobId, e);
            await EndAsync(jobId, ComputeJobState.Failed, $"the compute engine at {_self.ParticipantId} failed: {e.Message}", notifyFrom: null, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _runs.TryRemove(KeyValuePair.Create(jobId, run));
            run.Dispose();
        }
    }

    /// <summary>Runs this party's side of one task; the reason it failed, or null.</summary>
    private async Task<string?> RunTaskAsync(ComputeJob job, ComputeTask task, IProgress<ComputeProgress> progress, CancellationToken cancellationToken)
    {
        var self = _self.ParticipantId;
        if (!_components.TryGetValue(task.Component, out var component)) return $"component {task.Component} is not available at {self}";
        if (ComputeJobValidator.Fit(task, component.Descriptor) is { } misfit) return misfit;

        // The agreements this party holds for the task's providers: the consumer holds all, a provider its own.
        var providers = task.Parties.Select(p => p.ParticipantId).Where(p => p != job.Initiator).ToList();
        var held = new List<(ContractAgreementRecord Agreement, ComputeTerms Terms)>();
        foreach (var bound in job.Agreements.Where(a => providers.Contains(a.ProviderId) && (job.Initiator == self || a.ProviderId == self)))
        {
            var agreement = await _agreements.GetAsync(bound.AgreementId, cancellationToken).ConfigureAwait(false);
            if (agreement is null) return $"agreement '{bound.AgreementId}' no longer exists at {self}";
            try
            {
                held.Add((agreement, (await _check.TermsAsync(agreement, cancellationToken).ConfigureAwait(false)).Terms));
            }
            catch (PolicyValidationException e)
            {
                return $"the policy of agreement '{agreement.Id}' is invalid: {e.Message}";
            }
        }

        if (held.Count == 0) return $"{self} holds no agreement for the providers of task '{task.Id}'";
        var release = Combine(held.Select(h => h.Terms.Release(component.Descriptor.Releases, job.Initiator, providers)).ToList());
        foreach (var (receiver, kinds) in task.Releases)
        {
            foreach (var kind in kinds.Where(k => !release.Allows(receiver, k)))
            {
                var allowed = release.Releases.GetValueOrDefault(receiver) is { Count: > 0 } granted ? string.Join(", ", granted.Order(StringComparer.Ordinal)) : "none";
                return $"release '{kind}' to {receiver} is beyond the agreement (allowed: {allowed})";
            }
        }

        IPrivacyBudget? budget = null;
        if (held.FirstOrDefault(h => h.Terms.Budget is not null) is { Agreement: not null } withBudget)
        {
            var ledger = new StoredPrivacyBudget(_store, withBudget.Agreement.Id, withBudget.Agreement.SignedAt, withBudget.Terms.Budget!, _time);
            var (epsilon, delta) = (ComputeAgreementCheck.Number(task, ComputeAgreementCheck.EpsilonAttribute), ComputeAgreementCheck.Number(task, ComputeAgreementCheck.DeltaAttribute));
            // The task's declared (ε, δ) is spent before it runs, atomically, so two jobs cannot both spend the last of it.
            if ((epsilon > 0 || delta > 0) && !(await ledger.TrySpendAsync(epsilon, delta, $"job {job.Id} task {task.Id}", cancellationToken).ConfigureAwait(false)).Spent)
            {
                var left = await ledger.GetRemainingAsync(cancellationToken).ConfigureAwait(false);
                return $"the privacy budget of agreement '{withBudget.Agreement.Id}' is exhausted: the task asks ε={epsilon}, δ={delta}; left ε={left.RemainingEpsilon}, δ={left.RemainingDelta}";
            }

            // A component that spends the (ε, δ) it declared (stats/dp_query:1 does) draws on what was just spent.
            budget = new PrepaidPrivacyBudget(ledger, epsilon, delta);
        }

        var party = task.Parties.First(p => p.ParticipantId == self);
        var inputs = new Dictionary<string, IComputeInput>(StringComparer.Ordinal);
        if (party.Input is { } input)
        {
            try
            {
                inputs["input"] = await OpenInputAsync(job, input, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException or ComputeEngineException)
            {
                return $"its input cannot be read: {e.Message}";
            }
        }

        var peers = new List<ComputePeerEndpoint>();
        foreach (var other in task.Parties.Where(p => p.ParticipantId != self))
        {
            var endpoint = other.ParticipantId == job.Initiator ? job.InitiatorEndpoint : job.Agreements.FirstOrDefault(a => a.ProviderId == other.ParticipantId)?.ProviderEndpoint;
            if (endpoint is null) return $"no endpoint is known for party {other.ParticipantId}";
            peers.Add(new ComputePeerEndpoint(other.ParticipantId, endpoint));
        }

        var started = _time.GetTimestamp();
        ComponentResult result;
        try
        {
            await using var channel = await _channels.OpenAsync(new ComputeChannelRequest(job.Id, task.Id, self, peers), cancellationToken).ConfigureAwait(false);
            result = await component.RunAsync(new ComponentContext
            {
                JobId = job.Id,
                TaskId = task.Id,
                Self = self,
                Role = party.Role,
                Parties = [.. task.Parties.Select(p => new ComputeParty(p.ParticipantId, p.Role))],
                Attributes = ComputeJobValidator.WithDefaults(task, component.Descriptor),
                Inputs = inputs,
                Outputs = new StoredComputeOutputs(_store, OutputRoot, job, task, self, release, _time),
                Channel = channel,
                Release = release,
                Budget = budget,
                Progress = progress,
                Time = _time,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A component's exception is a failure every party is told about; its message names what broke, not data.
            result = ComponentResult.Failure(e.Message);
        }

        var duration = _time.GetElapsedTime(started);
        if (!result.Succeeded) return result.Reason ?? "the component failed without saying why";
        foreach (var (agreement, _) in held)
        {
            await _usage.AppendAsync(new UsageRecord
            {
                AgreementId = agreement.Id,
                CounterPartyId = self == agreement.ProviderId ? agreement.ConsumerId : agreement.ProviderId,
                Role = self == agreement.ProviderId ? ProcessRole.Provider : ProcessRole.Consumer,
                Kind = UsageKind.Computation,
                Requests = 1,
                Rows = result.RowsProcessed,
                Component = task.Component,
                Duration = duration,
                At = _time.GetUtcNow(),
            }, cancellationToken).ConfigureAwait(false);
        }

        await AuditAsync(job, $"task {task.Id} succeeded", self, held[0].Agreement.Id, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private async Task<IComputeInput> OpenInputAsync(ComputeJob job, ComputeTaskInput input, CancellationToken cancellationToken)
    {
        if (input.Kind == ComputeTaskInput.File)
        {
            if (job.Initiator != _self.ParticipantId) throw new ComputeEngineException("forbidden", "only the initiator reads a file input");
            var path = Path.GetFullPath(input.Reference, _self.DataDirectory);
            var allowed = _options.InputDirectories.Select(d => Path.GetFullPath(d, _self.DataDirectory)).Append(Path.GetFullPath(Path.Combine(OutputRoot, "inputs"))).ToList();
            if (!allowed.Any(d => path.StartsWith(d.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
                throw new ComputeEngineException("forbidden", $"file '{input.Reference}' is not under an allowed input folder ({string.Join(", ", allowed)}; see Connector:Compute:InputDirectories)");
            if (!File.Exists(path)) throw new IOException($"file '{input.Reference}' does not exist");
            return await CsvComputeInput.OpenAsync(_ => Task.FromResult<Stream>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true)),
                $"file '{Path.GetFileName(path)}'", cancellationToken).ConfigureAwait(false);
        }

        var bound = job.Agreements.FirstOrDefault(a => a.ProviderId == _self.ParticipantId && a.AgreementId == input.AgreementId)
            ?? throw new ComputeEngineException("forbidden", $"asset '{input.Reference}' is not used under an agreement of {_self.ParticipantId}");
        var asset = await _assets.GetAsync(input.Reference, cancellationToken).ConfigureAwait(false)
            ?? throw new IOException($"asset '{input.Reference}' of agreement '{bound.AgreementId}' no longer exists");
        if (!_dataAddresses.Sources.TryGetValue(asset.DataAddress.Type, out var source))
            throw new IOException($"no data source reads address type '{asset.DataAddress.Type}' of asset '{asset.Id}'");
        return await CsvComputeInput.OpenAsync(async ct =>
        {
            var read = await source.OpenReadAsync(new DataReadContext { Address = asset.DataAddress }, ct).ConfigureAwait(false);
            return read.Content ?? throw new IOException($"asset '{asset.Id}' cannot be read: {read.Reason}");
        }, $"asset '{asset.Id}'", cancellationToken).ConfigureAwait(false);
    }

    // What every agreement allows: a receiver gets a kind only if each agreement the party holds grants it.
    private static ReleasePolicy Combine(IReadOnlyList<ReleasePolicy> policies)
    {
        var receivers = policies.SelectMany(p => p.Releases.Keys).Distinct(StringComparer.Ordinal);
        var releases = receivers.ToDictionary(r => r, r =>
        {
            IEnumerable<string>? kinds = null;
            foreach (var policy in policies)
            {
                var granted = policy.Releases.GetValueOrDefault(r) ?? new HashSet<string>();
                kinds = kinds is null ? granted : kinds.Intersect(granted, StringComparer.Ordinal);
            }

            return (IReadOnlySet<string>)(kinds ?? []).ToHashSet(StringComparer.Ordinal);
        }, StringComparer.Ordinal);
        IReadOnlySet<string>? digests = null;
        foreach (var policy in policies.Where(p => p.AllowedModelDigests is not null))
            digests = digests is null ? policy.AllowedModelDigests : digests.Intersect(policy.AllowedModelDigests!, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        return new ReleasePolicy(releases, policies.Max(p => p.MinGroupSize), digests);
    }

    // Reports a task's progress into the job, when the phase changes or it moved by a tenth.
    private sealed class Progress : IProgress<ComputeProgress>
    {
        private readonly EmbeddedComputeEngine _engine;
        private readonly string _jobId;
        private readonly int _done;
        private readonly int _total;
        private readonly Lock _gate = new();
        private ComputeProgress _last = new(-1, "");

        public Progress(EmbeddedComputeEngine engine, string jobId, int done, int total)
        {
            _engine = engine;
            _jobId = jobId;
            _done = done;
            _total = Math.Max(1, total);
        }

        public void Report(ComputeProgress value)
        {
            lock (_gate)
            {
                if (value.Phase == _last.Phase && Math.Abs(value.Fraction - _last.Fraction) < 0.1) return;
                _last = value;
            }

            var overall = (_done + Math.Clamp(value.Fraction, 0, 1)) / _total;
            _ = Task.Run(async () =>
            {
                try
                {
                    await _engine.UpdateAsync(_jobId, current => current.State != ComputeJobState.Running ? null
                        : current with { Progress = Math.Max(current.Progress, overall), Phase = value.Phase }, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    _engine.LogProgressFailed(_jobId, e.Message);
                }
            });
        }
    }
}

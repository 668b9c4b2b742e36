using System.Text.Json.Nodes;
using Dataspace.Evidence.Bundles;
using Dataspace.Evidence.Checkpoints;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Dids;
using Dataspace.Sdk.Audit;

namespace Dataspace.Connector.Audit;

/// <summary>Builds evidence bundles of the audit log: the entries a query selects, proven against a fresh signed checkpoint, with the checkpoints witnesses cosigned.</summary>
internal sealed class AuditEvidence
{
    /// <summary>The most entries one bundle carries.</summary>
    public const int MaxEntries = 100_000;

    // The most processes (the negotiation and transfers) whose entries an agreement's bundle adds.
    private const int MaxProcesses = 1_000;

    // Cosigned checkpoints within the entries' range carried as earlier checkpoints (each with its consistency proof).
    private const int MaxCosignedCheckpoints = 64;

    private readonly AuditLog _log;
    private readonly AuditCheckpointer _checkpointer;
    private readonly ILocalIdentityProvider? _identity;
    private readonly DidResolverRegistry? _resolver;
    private readonly TimeProvider _time;

    public AuditEvidence(AuditLog log, AuditCheckpointer checkpointer, IEnumerable<ILocalIdentityProvider> identity, IEnumerable<DidResolverRegistry> resolver, TimeProvider time)
    {
        _log = log;
        _checkpointer = checkpointer;
        _identity = identity.LastOrDefault();
        _resolver = resolver.LastOrDefault();
        _time = time;
    }

    /// <summary>Whether bundles can be signed (the connector has a DID identity).</summary>
    public bool CanSign => _identity is not null;

    /// <summary>The latest checkpoint with its witnesses' cosignatures added to the note; a fresh one is signed first when the log grew.</summary>
    public async Task<(AuditCheckpointRecord Record, SignedCheckpoint Note)?> LatestAsync(CancellationToken cancellationToken)
    {
        var latest = await _checkpointer.CheckpointAsync(cancellationToken).ConfigureAwait(false);
        return latest is null ? null : (latest, await WithCosignaturesAsync(latest, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The stored checkpoint of <paramref name="size"/> leaves with its cosignatures; null when there is none.</summary>
    public async Task<(AuditCheckpointRecord Record, SignedCheckpoint Note)?> CheckpointAsync(long size, CancellationToken cancellationToken)
    {
        var record = await _log.Store.ReadCheckpointAsync(size, cancellationToken).ConfigureAwait(false);
        return record is null ? null : (record, await WithCosignaturesAsync(record, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The bundle of every entry <paramref name="query"/> selects (its paging ignored), or why there is none.</summary>
    public async Task<(EvidenceBundle? Bundle, string? Problem)> BuildAsync(AuditEntryQuery query, JsonObject description, CancellationToken cancellationToken)
    {
        if (_identity is null)
        {
            return (null, "the connector has no DID identity, so it signs no checkpoints or bundles");
        }

        var latest = await _checkpointer.CheckpointAsync(cancellationToken).ConfigureAwait(false);
        if (latest is null)
        {
            return (null, "the audit log is empty");
        }

        // An agreement's bundle also holds its negotiation's and its transfers' entries: their DSP messages and policy
        // decisions carry only their process id. The agreement's own entries name those processes.
        var selected = new SortedDictionary<long, byte[]>();
        var processes = query.AgreementId is null ? null : new List<string>();
        var problem = await CollectAsync(query, latest.Size, selected, processes, cancellationToken).ConfigureAwait(false);
        foreach (var processId in (processes ?? []).Distinct(StringComparer.Ordinal).Take(MaxProcesses))
        {
            problem ??= await CollectAsync(new AuditEntryQuery { ProcessId = processId }, latest.Size, selected, null, cancellationToken).ConfigureAwait(false);
        }

        if (problem is not null)
        {
            return (null, problem);
        }

        if (selected.Count == 0)
        {
            return (null, "no audit entry matches");
        }

        var entries = selected.Select(e => (Index: e.Key, Data: e.Value)).ToList();
        var signer = _identity.Current.Signer;
        var checkpoint = SignedCheckpoint.Parse(latest.Note);
        var documents = new Dictionary<string, string>(StringComparer.Ordinal) { [_identity.Current.Did] = _identity.Current.Document.ToJson().ToJsonString() };
        checkpoint = await AddCosignaturesAsync(checkpoint, latest.Size, documents, cancellationToken).ConfigureAwait(false);

        // Checkpoints a witness cosigned from the first entry on: they show the counter-party saw the log at that size.
        var earlier = new List<SignedCheckpoint>();
        foreach (var record in await _log.Store.ListCheckpointsAsync(entries[0].Index + 1, latest.Size - 1, 1024, cancellationToken).ConfigureAwait(false))
        {
            if (earlier.Count == MaxCosignedCheckpoints)
            {
                break;
            }

            var note = SignedCheckpoint.Parse(record.Note);
            var cosigned = await AddCosignaturesAsync(note, record.Size, documents, cancellationToken).ConfigureAwait(false);
            if (cosigned.Signatures.Count > note.Signatures.Count)
            {
                earlier.Add(cosigned);
            }
        }

        var bundle = await EvidenceBundleBuilder.BuildAsync(new EvidenceBundleRequest
        {
            Tree = _log.Tree,
            Checkpoint = checkpoint,
            LogKeyName = checkpoint.Signatures[0].KeyName,
            Entries = entries,
            EarlierCheckpoints = earlier,
            DidDocuments = [.. documents.Values],
            Query = description,
            ExporterKey = signer.Key,
            ExporterKeyName = signer.KeyId,
            ExportedAt = _time.GetUtcNow(),
        }, cancellationToken).ConfigureAwait(false);
        return (bundle, null);
    }

    // Adds the entries below size that the query selects (its paging ignored); names their processes when asked.
    private async Task<string?> CollectAsync(AuditEntryQuery query, long size, SortedDictionary<long, byte[]> selected, List<string>? processes, CancellationToken cancellationToken)
    {
        for (var from = 0L; ;)
        {
            var page = await _log.Store.SearchAsync(query with { FromIndex = from, Limit = AuditEntryQuery.MaxLimit }, cancellationToken).ConfigureAwait(false);
            foreach (var entry in page.Where(e => e.Index < size))
            {
                selected[entry.Index] = entry.Data;
                if (entry.ProcessId is not null)
                {
                    processes?.Add(entry.ProcessId);
                }
            }

            if (selected.Count > MaxEntries)
            {
                return $"the query selects more than {MaxEntries} entries; narrow it (e.g. a shorter time range)";
            }

            if (page.Count < AuditEntryQuery.MaxLimit || page[^1].Index + 1 >= size)
            {
                return null;
            }

            from = page[^1].Index + 1;
        }
    }

    private async Task<SignedCheckpoint> WithCosignaturesAsync(AuditCheckpointRecord record, CancellationToken cancellationToken)
    {
        var note = SignedCheckpoint.Parse(record.Note);
        foreach (var cosignature in await _log.Store.ReadCosignaturesAsync(record.Size, cancellationToken).ConfigureAwait(false))
        {
            if (TryParseLine(note, cosignature.Line, out var signature))
            {
                note = note.WithSignature(signature);
            }
        }

        return note;
    }

    // Adds the cosignatures whose witness's DID document can be had (bundled beside them, so the bundle verifies offline).
    private async Task<SignedCheckpoint> AddCosignaturesAsync(SignedCheckpoint note, long size, Dictionary<string, string> documents, CancellationToken cancellationToken)
    {
        foreach (var cosignature in await _log.Store.ReadCosignaturesAsync(size, cancellationToken).ConfigureAwait(false))
        {
            var did = cosignature.Witness.Split('#')[0];
            if (!TryParseLine(note, cosignature.Line, out var signature))
            {
                continue;
            }

            if (!documents.ContainsKey(did))
            {
                var document = did.StartsWith("did:key:", StringComparison.Ordinal)
                    ? DidKeyResolver.Expand(did, out _)
                    : _resolver is null ? null : (await _resolver.ResolveAsync(did, cancellationToken).ConfigureAwait(false)).Document;
                if (document is null)
                {
                    continue;
                }

                documents[did] = document.ToJson().ToJsonString();
            }

            note = note.WithSignature(signature);
        }

        return note;
    }

    // A cosignature line as stored, read back through the note parser (the only reader of signature lines).
    private static bool TryParseLine(SignedCheckpoint note, string line, out NoteSignature signature)
    {
        signature = null!;
        var text = note.ToNote() + line.TrimEnd('\n') + "\n";
        if (!SignedCheckpoint.TryParse(text, out var parsed, out _) || parsed.Signatures.Count != note.Signatures.Count + 1)
        {
            return false;
        }

        signature = parsed.Signatures[^1];
        return true;
    }
}

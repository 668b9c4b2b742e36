using System.Text.Json.Nodes;
using Dataspace.Evidence.Merkle;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Dids;
using Dataspace.Sdk.Audit;
using Dataspace.Sdk.Identity;
using Dataspace.Sdk.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dataspace.Connector.Audit;

/// <summary>
/// Witnesses a counter-party's checkpoints: checks the caller shares the agreement with us, the checkpoint's signature
/// by the caller's DID key, the agreement entry's inclusion, and that the checkpoint extends the last one we co-signed
/// for that log; then co-signs it with our DID key. A checkpoint that does not extend it is evidence of a rewritten
/// history and goes in our own audit log.
/// </summary>
internal sealed partial class CheckpointWitness : IDisposable
{
    /// <summary>The most hashes an inclusion or consistency proof may have (a tree of 2^64 entries needs fewer).</summary>
    public const int MaxProofHashes = 130;

    private readonly IAgreementStore _agreements;
    private readonly DidResolverRegistry _resolver;
    private readonly ILocalIdentityProvider _identity;
    private readonly IAuditLog _audit;
    private readonly WitnessFiles _files;
    private readonly TimeProvider _time;
    private readonly ILogger<CheckpointWitness> _logger;

    // One witnessing at a time: the last-seen check and its update must not interleave for one log (and the rate is
    // one per agreement, so a single lock costs nothing).
    private readonly SemaphoreSlim _lock = new(1, 1);

    public CheckpointWitness(IAgreementStore agreements, DidResolverRegistry resolver, ILocalIdentityProvider identity, IAuditLog audit, WitnessFiles files, TimeProvider time, ILogger<CheckpointWitness> logger)
    {
        _agreements = agreements;
        _resolver = resolver;
        _identity = identity;
        _audit = audit;
        _files = files;
        _time = time;
        _logger = logger;
    }

    /// <summary>Checks and co-signs; the answer's status says why not (400 malformed, 403 not a party or not signed by the caller, 409 stale old size, 422 not an extension).</summary>
    public async Task<(int Status, WitnessResponse Response)> WitnessAsync(VerifiedCaller caller, WitnessRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.AgreementId) || string.IsNullOrEmpty(request.Checkpoint) || string.IsNullOrEmpty(request.Entry))
        {
            return Refuse(StatusCodes.Status400BadRequest, "invalid-request", "a witness request needs agreementId, checkpoint (a signed note) and entry (the agreement's leaf data, base64)");
        }

        // Only a party to an agreement we hold may ask, and only about that agreement: said the same way whether the
        // agreement does not exist or is someone else's, so a caller learns nothing about other agreements.
        var agreement = await _agreements.GetAsync(request.AgreementId, cancellationToken).ConfigureAwait(false);
        var self = _identity.Current;
        if (agreement is null || !IsPartyWith(agreement, caller.Did, self.Did))
        {
            return Refuse(StatusCodes.Status403Forbidden, "not-a-party", $"{caller.Did} shares no agreement '{request.AgreementId}' with {self.Did}; only the counter-party of an agreement may ask us to witness its checkpoint");
        }

        if (!TreeHashers.TryGet(request.Hash ?? TreeHashers.Sha256, out var hasher))
        {
            return Refuse(StatusCodes.Status400BadRequest, "invalid-request", $"unknown tree hash '{request.Hash}'; expected {TreeHashers.Sha256} or {TreeHashers.Sm3}");
        }

        if (!TryDecode(request.Entry, out var entry) || !TryDecodeAll(request.InclusionProof, out var inclusion) || !TryDecodeAll(request.ConsistencyProof, out var consistency))
        {
            return Refuse(StatusCodes.Status400BadRequest, "invalid-request", $"entry, inclusionProof and consistencyProof must be base64 (each proof at most {MaxProofHashes} hashes)");
        }

        // The checkpoint must be signed by a key of the caller's own DID.
        var checkpoint = await VerifySignatureAsync(request.Checkpoint, caller.Did, cancellationToken).ConfigureAwait(false);
        if (checkpoint.Problem is { } unsigned)
        {
            return Refuse(StatusCodes.Status403Forbidden, "invalid-signature", unsigned);
        }

        var (origin, size, root) = checkpoint.Checkpoint!.Value;
        if (request.EntryIndex < 0 || request.EntryIndex >= size)
        {
            return Refuse(StatusCodes.Status422UnprocessableEntity, "not-covered", $"entry {request.EntryIndex} is not in the checkpoint of size {size}");
        }

        var leaf = new byte[hasher.HashSize];
        hasher.HashLeaf(entry, leaf);
        if (!MerkleVerifier.VerifyInclusion(hasher, request.EntryIndex, size, leaf, inclusion, root))
        {
            return Refuse(StatusCodes.Status422UnprocessableEntity, "bad-inclusion-proof", $"entry {request.EntryIndex} is not included in the checkpoint of size {size}: its inclusion proof does not lead to the checkpoint's root");
        }

        if (WitnessSignatures.AgreementIdOf(entry) is not { } recorded || recorded != agreement.Id)
        {
            return Refuse(StatusCodes.Status422UnprocessableEntity, "not-the-agreement", $"entry {request.EntryIndex} is not the agreement entry of '{agreement.Id}'; only checkpoints covering that agreement are witnessed");
        }

        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var seen = await _files.LastSeenAsync(caller.Did, origin, cancellationToken).ConfigureAwait(false);
            var known = seen?.Size ?? 0;
            if (request.OldSize != known)
            {
                return (StatusCodes.Status409Conflict, new WitnessResponse
                {
                    Code = "old-size-mismatch",
                    Size = known,
                    Reason = $"the last checkpoint of {origin} we co-signed has size {known}, not {request.OldSize}; send a consistency proof from size {known}",
                });
            }

            if (seen is not null && Inconsistency(seen, size, root, consistency, hasher) is { } rewritten)
            {
                // Evidence against the caller: its log no longer extends what it showed us before.
                LogRewritten(_logger, caller.Did, origin, seen.Size, size, rewritten);
                await _audit.AppendAsync(AuditRecords.WitnessRefused(self.Did, caller.Did, agreement.Id, origin, seen, request.Checkpoint, size, root, rewritten), cancellationToken).ConfigureAwait(false);
                return Refuse(StatusCodes.Status422UnprocessableEntity, "not-an-extension", rewritten);
            }

            var cosignature = WitnessSignatures.Cosign(request.Checkpoint, self.Signer, _time.GetUtcNow());
            await _files.SaveSeenAsync(new WitnessedCheckpoint
            {
                Peer = caller.Did,
                Origin = origin,
                Size = size,
                Root = Convert.ToBase64String(root),
                Hash = hasher.Name,
                Note = request.Checkpoint,
                WitnessedAt = _time.GetUtcNow(),
            }, cancellationToken).ConfigureAwait(false);
            await _audit.AppendAsync(AuditRecords.WitnessCosigned(self.Did, caller.Did, agreement.Id, origin, size, root, request.Checkpoint), cancellationToken).ConfigureAwait(false);
            return (StatusCodes.Status200OK, new WitnessResponse { Cosignature = cosignature, Witness = self.Signer.KeyId });
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Dispose() => _lock.Dispose();

    private static bool IsPartyWith(ContractAgreementRecord agreement, string caller, string self) =>
        (agreement.ProviderId == caller && agreement.ConsumerId == self) || (agreement.ConsumerId == caller && agreement.ProviderId == self);

    // Null when the new checkpoint extends the one seen; else why not.
    private static string? Inconsistency(WitnessedCheckpoint seen, long size, byte[] root, IReadOnlyList<byte[]> proof, ITreeHasher hasher)
    {
        var seenRoot = Convert.FromBase64String(seen.Root);
        return size < seen.Size
            ? $"the checkpoint has size {size}, smaller than the size {seen.Size} we co-signed before: the log was truncated"
            : size == seen.Size && !root.AsSpan().SequenceEqual(seenRoot)
            ? $"the checkpoint has size {size} like the one we co-signed before, with another root: the log was rewritten"
            : size > seen.Size && !MerkleVerifier.VerifyConsistency(hasher, seen.Size, size, seenRoot, root, proof)
            ? $"the checkpoint of size {size} does not extend the one of size {seen.Size} we co-signed before (the consistency proof fails): the log's history was rewritten"
            : null;
    }

    private async Task<(CheckpointFacts? Checkpoint, string? Problem)> VerifySignatureAsync(string note, string callerDid, CancellationToken cancellationToken)
    {
        var names = WitnessSignatures.SignerNames(note).Where(n => n.StartsWith(callerDid + "#", StringComparison.Ordinal)).ToList();
        if (names.Count == 0)
        {
            return (null, $"the checkpoint is not signed by a key of {callerDid} (expected a signature line named by its DID verification method, {callerDid}#...)");
        }

        var resolved = await _resolver.ResolveAsync(callerDid, cancellationToken).ConfigureAwait(false);
        if (resolved.Document is not { } document)
        {
            return (null, $"{callerDid} could not be resolved to check the checkpoint's signature: {resolved.Reason ?? resolved.Error}");
        }

        var problems = new List<string>();
        foreach (var name in names)
        {
            if (document.FindMethod(name) is not { } method)
            {
                problems.Add($"{name} is not a verification method of {callerDid}");
                continue;
            }

            var (checkpoint, problem) = WitnessSignatures.Verify(note, method.PublicKey, name);
            if (checkpoint is not null)
            {
                return (checkpoint, null);
            }

            problems.Add(problem!);
        }

        return (null, "the checkpoint's signature does not verify: " + string.Join("; ", problems));
    }

    private static bool TryDecode(string value, out byte[] bytes)
    {
        bytes = [];
        try
        {
            bytes = Convert.FromBase64String(value);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static bool TryDecodeAll(IReadOnlyList<string>? values, out IReadOnlyList<byte[]> hashes)
    {
        hashes = [];
        if (values is null)
        {
            return true;
        }

        if (values.Count > MaxProofHashes)
        {
            return false;
        }

        var list = new List<byte[]>(values.Count);
        foreach (var value in values)
        {
            if (!TryDecode(value, out var hash))
            {
                return false;
            }

            list.Add(hash);
        }

        hashes = list;
        return true;
    }

    private static (int, WitnessResponse) Refuse(int status, string code, string reason) => (status, new WitnessResponse { Code = code, Reason = reason });

    [LoggerMessage(EventId = 9401, Level = LogLevel.Warning, Message = "Refused to witness {Peer}'s log {Origin}: co-signed size {SeenSize} before, now {Size}: {Reason}")]
    private static partial void LogRewritten(ILogger logger, string peer, string origin, long seenSize, long size, string reason);
}

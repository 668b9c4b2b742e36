using System.Text.Json.Nodes;
using Dataspace.Connector.Management;
using Dataspace.Evidence.Checkpoints;
using Dataspace.Sdk.Audit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Dataspace.Connector.Audit;

/// <summary>Management API: the audit log's entries with their proofs, its checkpoints, and evidence bundles.</summary>
internal static class AuditEndpoints
{
    /// <summary>The media type of an evidence bundle download.</summary>
    public const string BundleMediaType = "application/vnd.dataspace.evidence-bundle";

    public static void MapAuditLog(this RouteGroupBuilder api)
    {
        var audit = api.MapGroup("/audit").WithTags("Audit");
        audit.MapGet("/entries", SearchAsync).WithName("searchAuditEntries")
            .WithSummary("Audit entries matching every filter given, in log order, paged by index (fromIndex, limit up to 1000).");
        audit.MapGet("/entries/{index:long}", GetEntryAsync).WithName("getAuditEntry")
            .WithSummary("One audit entry with its inclusion proof against the latest signed checkpoint.");
        audit.MapGet("/checkpoints/latest", GetLatestAsync).WithName("getLatestAuditCheckpoint")
            .WithSummary("The latest signed checkpoint (one is signed first when the log grew since).");
        audit.MapGet("/checkpoints/{size:long}", GetCheckpointAsync).WithName("getAuditCheckpoint")
            .WithSummary("The signed checkpoint of a size, with the consistency proof from an earlier size when fromSize is given.");
        audit.MapGet("/bundle", GetBundleAsync).WithName("getAuditBundle")
            .WithSummary("An evidence bundle of the entries of an agreement, a process, or a time range [from, to), verifiable offline with 'dataspace audit verify'.")
            .Produces(StatusCodes.Status200OK, contentType: BundleMediaType);
    }

    private static async Task<IResult> SearchAsync(string? type, string? actor, string? counterParty, string? processId, string? agreementId,
        DateTimeOffset? from, DateTimeOffset? to, long? fromIndex, int? limit, AuditLog log, CancellationToken ct)
    {
        var query = new AuditEntryQuery
        {
            Type = type, Actor = actor, CounterParty = counterParty, ProcessId = processId, AgreementId = agreementId,
            From = from, To = to, FromIndex = fromIndex ?? 0, Limit = limit ?? 100,
        };
        if (query.Limit is < 1 or > AuditEntryQuery.MaxLimit || query.FromIndex < 0)
        {
            return ManagementResults.BadRequest($"'limit' must be 1 to {AuditEntryQuery.MaxLimit} and 'fromIndex' not negative");
        }

        var page = await log.Store.SearchAsync(query, ct).ConfigureAwait(false);
        return Results.Ok(new AuditEntryPageDto([.. page.Select(ToDto)], page.Count == query.Limit ? page[^1].Index + 1 : null));
    }

    private static async Task<IResult> GetEntryAsync(long index, AuditLog log, AuditEvidence evidence, CancellationToken ct)
    {
        var entries = index < 0 ? [] : await log.Store.ReadEntriesAsync(index, 1, ct).ConfigureAwait(false);
        if (entries.Count == 0)
        {
            return ManagementResults.NotFound($"no audit entry {index}");
        }

        if (await evidence.LatestAsync(ct).ConfigureAwait(false) is not { } latest || latest.Record.Size <= index)
        {
            return ManagementResults.Conflict(evidence.CanSign
                ? $"audit entry {index} is not covered by a signed checkpoint yet; try again in a moment"
                : "the connector has no DID identity, so no signed checkpoint covers audit entries");
        }

        var proof = await log.Tree.InclusionProofAsync(index, latest.Record.Size, ct).ConfigureAwait(false);
        return Results.Ok(new AuditEntryProofDto(ToDto(entries[0]), ToDto(latest.Record, latest.Note, log), [.. proof.Select(Convert.ToBase64String)]));
    }

    private static async Task<IResult> GetLatestAsync(AuditLog log, AuditEvidence evidence, CancellationToken ct) =>
        await evidence.LatestAsync(ct).ConfigureAwait(false) is { } latest
            ? Results.Ok(ToDto(latest.Record, latest.Note, log))
            : ManagementResults.NotFound(evidence.CanSign ? "the audit log has no checkpoint yet (it is empty)" : "the connector has no DID identity, so it signs no audit checkpoints");

    private static async Task<IResult> GetCheckpointAsync(long size, long? fromSize, AuditLog log, AuditEvidence evidence, CancellationToken ct)
    {
        if (await evidence.CheckpointAsync(size, ct).ConfigureAwait(false) is not { } checkpoint)
        {
            return ManagementResults.NotFound($"no audit checkpoint of size {size}");
        }

        if (fromSize is null)
        {
            return Results.Ok(ToDto(checkpoint.Record, checkpoint.Note, log));
        }

        if (fromSize < 0 || fromSize > size)
        {
            return ManagementResults.BadRequest($"'fromSize' must be 0 to {size} (the checkpoint's size), not {fromSize}");
        }

        var proof = await log.Tree.ConsistencyProofAsync(fromSize.Value, size, ct).ConfigureAwait(false);
        return Results.Ok(new AuditConsistencyDto(ToDto(checkpoint.Record, checkpoint.Note, log), fromSize.Value, [.. proof.Select(Convert.ToBase64String)]));
    }

    private static async Task<IResult> GetBundleAsync(string? agreementId, string? processId, DateTimeOffset? from, DateTimeOffset? to, AuditEvidence evidence, CancellationToken ct)
    {
        var chosen = (agreementId is not null ? 1 : 0) + (processId is not null ? 1 : 0) + (from is not null || to is not null ? 1 : 0);
        if (chosen != 1 || ((from is null) != (to is null)))
        {
            return ManagementResults.BadRequest("give exactly one of 'agreementId', 'processId', or both 'from' and 'to' (RFC 3339 times)");
        }

        var description = agreementId is not null ? new JsonObject { ["agreementId"] = agreementId }
            : processId is not null ? new JsonObject { ["processId"] = processId }
            : new JsonObject { ["from"] = from!.Value.ToUniversalTime().ToString("O"), ["to"] = to!.Value.ToUniversalTime().ToString("O") };
        var (bundle, problem) = await evidence.BuildAsync(new AuditEntryQuery { AgreementId = agreementId, ProcessId = processId, From = from, To = to }, description, ct).ConfigureAwait(false);
        if (bundle is null)
        {
            return ManagementResults.NotFound(problem!);
        }

        return Results.Stream(async stream => await bundle.WriteAsync(stream, CancellationToken.None).ConfigureAwait(false), BundleMediaType, "audit.bundle");
    }

    private static AuditEntryDto ToDto(AuditEntry e)
    {
        JsonNode? record;
        try
        {
            record = JsonNode.Parse(e.Data);
        }
        catch (System.Text.Json.JsonException)
        {
            record = null; // Shown as data only: the bytes are what is hashed, whatever they hold.
        }

        return new AuditEntryDto(e.Index, e.Time, e.Type, e.Actor, e.CounterParty, e.ProcessId, e.AgreementId,
            Convert.ToHexStringLower(e.LeafHash), Convert.ToBase64String(e.Data), record);
    }

    private static AuditCheckpointDto ToDto(AuditCheckpointRecord record, SignedCheckpoint note, AuditLog log) =>
        new(record.Size, Convert.ToBase64String(note.Checkpoint.Root), log.Hasher.Name, note.ToNote(), record.CreatedAt, note.Signatures.Count - 1);
}

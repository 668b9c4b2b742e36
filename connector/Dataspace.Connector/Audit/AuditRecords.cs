using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Policies.Evaluation;
using Dataspace.Sdk.Audit;
using Dataspace.Sdk.Storage;

namespace Dataspace.Connector.Audit;

/// <summary>
/// The audit records the connector writes, one factory per kind of action, so each call site stays one line and every
/// site records the same facts: digests and metadata, never message bodies or data.
/// </summary>
internal static class AuditRecords
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>The digest the log records for <paramref name="bytes"/>: <c>sha256:</c> and lowercase hex.</summary>
    public static string Digest(ReadOnlySpan<byte> bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The digest of <paramref name="value"/> as web JSON; null for no value (nothing existed).</summary>
    public static string? DigestOf(object? value) =>
        value is null ? null : Digest(value is JsonNode node ? System.Text.Encoding.UTF8.GetBytes(node.ToJsonString()) : JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), Web));

    /// <summary>A DSP message a peer sent us (or a GET it made), with our answer's status and digest.</summary>
    /// <param name="facts">The message's facts.</param>
    /// <param name="answer">Our answer's facts, when we answered with a DSP message.</param>
    /// <param name="ourPid">Our process id from the path, when the path names one.</param>
    /// <param name="callerDid">The authenticated caller.</param>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The request path.</param>
    /// <param name="status">Our answer's status.</param>
    public static AuditRecord DspReceived(DspMessageFacts facts, DspMessageFacts? answer, string? ourPid, string callerDid, string method, string path, int status)
    {
        var details = Dsp(facts, method, path, status);
        Add(details, "answerDigest", answer?.Digest);
        return new AuditRecord
        {
            Type = AuditRecordTypes.DspMessageReceived,
            Actor = callerDid,
            CounterParty = callerDid,
            // Our process: named by the path, else the one our answer created (the pid the request did not carry yet).
            ProcessId = ourPid
                ?? (facts.ProviderPid is null && answer?.ProviderPid is { Length: > 0 } provider ? provider : null)
                ?? (facts.ConsumerPid is null && answer?.ConsumerPid is { Length: > 0 } consumer ? consumer : null)
                ?? facts.ProviderPid ?? facts.ConsumerPid,
            AgreementId = facts.AgreementId,
            Digest = facts.Digest,
            Details = details,
        };
    }

    /// <summary>A DSP message we sent a peer (or a GET we made), with its answer's status (absent when it did not answer).</summary>
    public static AuditRecord DspSent(DspMessageFacts facts, string? ourPid, string selfDid, string counterPartyDid, string method, string url, int? status) => new()
    {
        Type = AuditRecordTypes.DspMessageSent,
        Actor = selfDid,
        CounterParty = counterPartyDid,
        ProcessId = ourPid ?? facts.ConsumerPid ?? facts.ProviderPid,
        AgreementId = facts.AgreementId,
        Digest = facts.Digest,
        Details = Dsp(facts, method, url, status),
    };

    private static JsonObject Dsp(DspMessageFacts facts, string method, string target, int? status)
    {
        var details = new JsonObject { ["method"] = method, ["target"] = target };
        Add(details, "messageType", facts.MessageType);
        Add(details, "providerPid", facts.ProviderPid);
        Add(details, "consumerPid", facts.ConsumerPid);
        if (facts.Length is { } length)
        {
            details["bytes"] = length;
        }

        if (status is { } s)
        {
            details["status"] = s;
        }

        return details;
    }

    /// <summary>A policy decision with its compliance report.</summary>
    public static AuditRecord PolicyDecision(PolicyEvaluation evaluation, string selfDid, string counterPartyDid, string processId, string? agreementId) => new()
    {
        Type = AuditRecordTypes.PolicyDecision,
        Actor = selfDid,
        CounterParty = counterPartyDid,
        ProcessId = processId,
        AgreementId = agreementId,
        Details = new JsonObject
        {
            ["scope"] = evaluation.Report.Scope.ToString(),
            ["decision"] = evaluation.Decision.ToString(),
            ["reason"] = evaluation.Reason,
            ["report"] = PolicyJson.ToNode(evaluation),
        },
    };

    /// <summary>A policy that could not be evaluated (invalid): a denial without a report.</summary>
    public static AuditRecord PolicyInvalid(string reason, string scope, string selfDid, string counterPartyDid, string processId, string? agreementId) => new()
    {
        Type = AuditRecordTypes.PolicyDecision,
        Actor = selfDid,
        CounterParty = counterPartyDid,
        ProcessId = processId,
        AgreementId = agreementId,
        Details = new JsonObject { ["scope"] = scope, ["decision"] = "Deny", ["reason"] = reason },
    };

    /// <summary>An agreement as stored, its full text in the details (the issue asks for the signed text, not a digest).</summary>
    public static AuditRecord Agreement(ContractAgreementRecord agreement, string selfDid, string negotiationId)
    {
        var counterParty = agreement.ProviderId == selfDid ? agreement.ConsumerId : agreement.ProviderId;
        return new AuditRecord
        {
            Type = AuditRecordTypes.Agreement,
            Actor = selfDid,
            CounterParty = counterParty,
            ProcessId = negotiationId,
            AgreementId = agreement.Id,
            Digest = DigestOf(agreement.Policy),
            Details = new JsonObject
            {
                ["provider"] = agreement.ProviderId,
                ["consumer"] = agreement.ConsumerId,
                ["assetId"] = agreement.AssetId,
                ["signedAt"] = agreement.SignedAt.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["agreement"] = agreement.Policy.DeepClone(),
            },
        };
    }

    /// <summary>A data access under an agreement: a pull request allowed, or a push delivery done.</summary>
    public static AuditRecord DataAccess(string kind, string selfDid, string consumerDid, string transferId, string agreementId, string assetId, long? bytes)
    {
        var details = new JsonObject { ["kind"] = kind, ["assetId"] = assetId };
        if (bytes is { } b)
        {
            details["bytes"] = b;
        }

        return new AuditRecord
        {
            Type = AuditRecordTypes.DataAccess,
            Actor = consumerDid,
            CounterParty = consumerDid,
            ProcessId = transferId,
            AgreementId = agreementId,
            Details = details,
        };
    }

    /// <summary>A change made through a management API: who, what (method and route), and the resource's digest before and after.</summary>
    public static AuditRecord ManagementChange(string actor, string method, string route, string path, int? status, string? requestDigest, string? before, string? after)
    {
        var details = new JsonObject { ["method"] = method, ["route"] = route, ["path"] = path };
        if (status is { } s)
        {
            details["status"] = s;
        }

        Add(details, "before", before);
        Add(details, "after", after);
        return new AuditRecord { Type = AuditRecordTypes.ManagementChange, Actor = actor, Digest = requestDigest, Details = details };
    }

    /// <summary>We co-signed a counter-party's checkpoint covering an agreement.</summary>
    public static AuditRecord WitnessCosigned(string selfDid, string peerDid, string agreementId, string origin, long size, byte[] root, string note) => new()
    {
        Type = WitnessRecordTypes.Cosigned,
        Actor = selfDid,
        CounterParty = peerDid,
        AgreementId = agreementId,
        Digest = Digest(System.Text.Encoding.UTF8.GetBytes(note)),
        Details = new JsonObject { ["origin"] = origin, ["size"] = size, ["root"] = Convert.ToBase64String(root) },
    };

    /// <summary>A counter-party's checkpoint we refused because it does not extend the one we co-signed before: evidence of a rewritten log.</summary>
    public static AuditRecord WitnessRefused(string selfDid, string peerDid, string agreementId, string origin, WitnessedCheckpoint seen, string note, long size, byte[] root, string reason) => new()
    {
        Type = WitnessRecordTypes.Refused,
        Actor = peerDid,
        CounterParty = peerDid,
        AgreementId = agreementId,
        Digest = Digest(System.Text.Encoding.UTF8.GetBytes(seen.Note)),
        Details = new JsonObject
        {
            ["origin"] = origin,
            ["witness"] = selfDid,
            ["seenSize"] = seen.Size,
            ["seenRoot"] = seen.Root,
            ["seenCheckpoint"] = seen.Note,
            ["checkpoint"] = note,
            ["size"] = size,
            ["root"] = Convert.ToBase64String(root),
            ["reason"] = reason,
        },
    };

    /// <summary>A counter-party's cosignature of our checkpoint covering an agreement, verified and stored.</summary>
    public static AuditRecord WitnessReceived(string selfDid, string counterParty, string agreementId, long size, string witness, string cosignature) => new()
    {
        Type = WitnessRecordTypes.Received,
        Actor = counterParty,
        CounterParty = counterParty,
        AgreementId = agreementId,
        Digest = Digest(System.Text.Encoding.UTF8.GetBytes(cosignature)),
        Details = new JsonObject { ["size"] = size, ["witness"] = witness, ["log"] = selfDid },
    };

    /// <summary>A counter-party did not co-sign the checkpoint covering an agreement.</summary>
    public static AuditRecord WitnessFailed(string agreementId, string counterParty, int attempts, string reason) => new()
    {
        Type = WitnessRecordTypes.Failed,
        CounterParty = counterParty,
        AgreementId = agreementId,
        Details = new JsonObject { ["attempts"] = attempts, ["reason"] = reason },
    };

    private static void Add(JsonObject details, string name, string? value)
    {
        if (value is not null)
        {
            details[name] = value;
        }
    }
}

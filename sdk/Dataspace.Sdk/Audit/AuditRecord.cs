using System.Text.Json.Nodes;

namespace Dataspace.Sdk.Audit;

/// <summary>What an audit entry records: digests and metadata, never the data itself.</summary>
public sealed record AuditRecord
{
    /// <summary>What happened, one of <see cref="AuditRecordTypes"/> (or a plugin's own dotted name).</summary>
    public required string Type { get; init; }

    /// <summary>Who caused it: a participant's DID, or <c>management:</c> and the API key's name for an operator.</summary>
    public string? Actor { get; init; }

    /// <summary>The other party of the process or agreement, when there is one (its DID).</summary>
    public string? CounterParty { get; init; }

    /// <summary>The negotiation or transfer process the entry belongs to (our process id).</summary>
    public string? ProcessId { get; init; }

    /// <summary>The agreement the entry belongs to.</summary>
    public string? AgreementId { get; init; }

    /// <summary>The digest of what the entry is about (a message, a document, a response body), as <c>sha256:</c> and lowercase hex.</summary>
    public string? Digest { get; init; }

    /// <summary>Type-specific facts (message type, decision and its report, before/after digests); small, no payloads.</summary>
    public JsonObject? Details { get; init; }
}

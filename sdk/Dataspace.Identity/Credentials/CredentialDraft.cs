using System.Text.Json.Nodes;

namespace Dataspace.Identity.Credentials;

/// <summary>What an issuer puts in a credential before signing it.</summary>
public sealed record CredentialDraft
{
    /// <summary>The credential id; a <c>urn:uuid:</c> is made when null.</summary>
    public string? Id { get; init; }

    /// <summary>The credential types besides <c>VerifiableCredential</c> (e.g. <c>MembershipCredential</c>).</summary>
    public required IReadOnlyList<string> Types { get; init; }

    /// <summary>The subject's DID (the holder).</summary>
    public required string SubjectDid { get; init; }

    /// <summary>The subject's claims (e.g. <c>{"industry":"finance"}</c>); <c>id</c> is set from <see cref="SubjectDid"/>.</summary>
    public JsonObject Claims { get; init; } = [];

    /// <summary>When the credential becomes valid.</summary>
    public required DateTimeOffset ValidFrom { get; init; }

    /// <summary>When it stops being valid; null for no end.</summary>
    public DateTimeOffset? ValidUntil { get; init; }

    /// <summary>The status list entry, when the credential can be revoked.</summary>
    public CredentialStatusEntry? Status { get; init; }
}

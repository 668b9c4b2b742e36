using System.Text.Json.Nodes;
using Dataspace.Identity.Credentials;

namespace Dataspace.Identity.Issuance;

/// <summary>What <c>dataspace authority issue</c> asks for: a subject, a type, claims, a profile and a lifetime.</summary>
public sealed record CredentialRequest
{
    /// <summary>The subject's DID.</summary>
    public required string SubjectDid { get; init; }

    /// <summary>The credential type, e.g. <c>MembershipCredential</c> or <c>FinanceSubspaceCredential</c>.</summary>
    public required string Type { get; init; }

    /// <summary>The claims (<c>industry</c>, <c>region</c>, <c>licence</c>, ...).</summary>
    public JsonObject Claims { get; init; } = [];

    /// <summary>The profile.</summary>
    public CredentialProfile Profile { get; init; } = CredentialProfile.Vc20BitstringStatusList;

    /// <summary>How long the credential is valid; null for no end.</summary>
    public TimeSpan? ValidFor { get; init; } = TimeSpan.FromDays(365);
}

using System.Collections.Frozen;
using System.Text.Json;

namespace Dataspace.Identity.Trust;

/// <summary>
/// An authority of a data space: its DID, the credential types it may issue and, optionally, the data space and claim
/// values it may vouch for.
/// </summary>
/// <remarks>
/// Without <see cref="Dataspace"/> or <see cref="Claims"/> an anchor is scoped by its credential types only (as trust
/// files written before scopes were); it may then vouch for any claim value of those types, including membership of
/// any data space. Anchors of a shared trust file should be scoped.
/// </remarks>
public sealed record TrustAnchor
{
    /// <summary>The credential subject's claim that names the data space a membership is of.</summary>
    public const string DataspaceClaim = "dataspace";

    /// <summary>The authority's DID.</summary>
    public required string Did { get; init; }

    /// <summary>The credential types it may issue (e.g. <c>MembershipCredential</c>); <c>*</c> allows every type.</summary>
    public required IReadOnlyList<string> CredentialTypes { get; init; }

    /// <summary>
    /// The data space it is an authority of, if bound to one: every credential it issues under this entry must carry
    /// this value as its subject's <c>dataspace</c> claim.
    /// </summary>
    public string? Dataspace { get; init; }

    /// <summary>
    /// Claim values it may vouch for: a claim path under the credential subject (dot-separated, e.g. <c>level</c> or
    /// <c>address.country</c>) and the values allowed there. Every listed claim must be present with allowed values.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Claims { get; init; } = FrozenDictionary<string, IReadOnlyList<string>>.Empty;

    /// <summary>Whether the authority may issue credentials of the type.</summary>
    public bool MayIssue(string type) => CredentialTypes.Contains("*", StringComparer.Ordinal) || CredentialTypes.Contains(type, StringComparer.Ordinal);

    /// <summary>Null when the credential subject's claims lie within this anchor's scope, else what lies outside it.</summary>
    public string? OutOfScope(JsonElement subject)
    {
        if (Dataspace is not null && Problem(subject, DataspaceClaim, [Dataspace]) is { } dataspaceProblem)
        {
            return $"it vouches only for members of data space '{Dataspace}', but {dataspaceProblem}";
        }

        foreach (var (path, allowed) in Claims)
        {
            if (Problem(subject, path, allowed) is { } problem)
            {
                return $"it vouches for '{path}' only with {string.Join(", ", allowed.Select(v => $"'{v}'"))}, but {problem}";
            }
        }

        return null;
    }

    // A claim within scope is present and is an allowed value, or an array of allowed values only.
    private static string? Problem(JsonElement subject, string path, IReadOnlyList<string> allowed)
    {
        var element = subject;
        foreach (var segment in path.Split('.'))
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(segment, out element))
            {
                return $"the credential has no '{path}' claim";
            }
        }

        IEnumerable<JsonElement> values = element.ValueKind == JsonValueKind.Array ? element.EnumerateArray() : [element];
        foreach (var value in values)
        {
            var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
            if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array || !allowed.Contains(text, StringComparer.Ordinal))
            {
                return $"the credential's '{path}' claim is {value.GetRawText()}";
            }
        }

        return null;
    }
}

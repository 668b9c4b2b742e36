using System.Text.Json.Nodes;

namespace Dataspace.Connector.Identity.Join;

/// <summary>Where this connector's membership of a data space stands, kept in <c>{data}/join.json</c> across restarts.</summary>
internal sealed record JoinState
{
    /// <summary>Applied; the authority has not decided yet.</summary>
    public const string Applied = "applied";

    /// <summary>Approved; credentials not requested yet.</summary>
    public const string Approved = "approved";

    /// <summary>Credentials requested over DCP issuance, not delivered yet.</summary>
    public const string Requested = "requested";

    /// <summary>Credentials received and stored: a member.</summary>
    public const string Joined = "joined";

    /// <summary>The authority rejected the application or the credential request.</summary>
    public const string Rejected = "rejected";

    public required Uri AuthorityUrl { get; init; }

    public required string AuthorityDid { get; init; }

    public required string ApplicationId { get; init; }

    public required string Phase { get; init; }

    public string? Reason { get; init; }

    public IReadOnlyList<string> CredentialTypes { get; init; } = [];

    public string? HolderPid { get; init; }

    public string? IssuerPid { get; init; }

    public IReadOnlyList<string> Received { get; init; } = [];

    public string? LastError { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public bool IsFinal => Phase is Joined or Rejected;

    public JsonObject ToJson() => new()
    {
        ["authority"] = AuthorityUrl.AbsoluteUri,
        ["authorityDid"] = AuthorityDid,
        ["applicationId"] = ApplicationId,
        ["phase"] = Phase,
        ["reason"] = Reason,
        ["credentialTypes"] = new JsonArray([.. CredentialTypes.Select(t => (JsonNode?)JsonValue.Create(t))]),
        ["holderPid"] = HolderPid,
        ["issuerPid"] = IssuerPid,
        ["received"] = new JsonArray([.. Received.Select(t => (JsonNode?)JsonValue.Create(t))]),
        ["lastError"] = LastError,
        ["updatedAt"] = UpdatedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
    };

    public static JoinState FromJson(JsonObject json)
    {
        static string Text(JsonObject o, string name) => o[name]?.GetValue<string>() ?? throw new FormatException($"join state: '{name}' is missing");
        static IReadOnlyList<string> List(JsonObject o, string name) => o[name] is JsonArray a ? [.. a.Select(v => v!.GetValue<string>())] : [];
        return new JoinState
        {
            AuthorityUrl = new Uri(Text(json, "authority")),
            AuthorityDid = Text(json, "authorityDid"),
            ApplicationId = Text(json, "applicationId"),
            Phase = Text(json, "phase"),
            Reason = json["reason"]?.GetValue<string>(),
            CredentialTypes = List(json, "credentialTypes"),
            HolderPid = json["holderPid"]?.GetValue<string>(),
            IssuerPid = json["issuerPid"]?.GetValue<string>(),
            Received = List(json, "received"),
            LastError = json["lastError"]?.GetValue<string>(),
            UpdatedAt = json["updatedAt"]?.GetValue<string>() is { } t ? DateTimeOffset.Parse(t, System.Globalization.CultureInfo.InvariantCulture) : default,
        };
    }
}

using System.Text.Json.Nodes;

namespace Dataspace.Identity.Dids;

/// <summary>A DID document: the keys of a DID, what each may be used for, and its service endpoints.</summary>
public sealed partial record DidDocument
{
    /// <summary>The JSON-LD contexts of DID Core and JWK verification methods.</summary>
    public static readonly IReadOnlyList<string> DefaultContext = ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/jws-2020/v1"];

    /// <summary>The DID the document describes.</summary>
    public required string Id { get; init; }

    /// <summary>All verification methods, including those embedded in relationships.</summary>
    public IReadOnlyList<VerificationMethod> VerificationMethods { get; init; } = [];

    /// <summary>The ids of the methods in each verification relationship.</summary>
    public IReadOnlyDictionary<VerificationRelationship, IReadOnlyList<string>> Relationships { get; init; } =
        new Dictionary<VerificationRelationship, IReadOnlyList<string>>();

    /// <summary>The service entries.</summary>
    public IReadOnlyList<DidService> Services { get; init; } = [];

    /// <summary>Finds a method by absolute id (<c>did#frag</c>) or by fragment (<c>#frag</c> or <c>frag</c>).</summary>
    public VerificationMethod? FindMethod(string kid)
    {
        ArgumentNullException.ThrowIfNull(kid);
        var absolute = Absolute(kid);
        return VerificationMethods.FirstOrDefault(m => m.Id == absolute);
    }

    /// <summary>Whether the method with this id is in the relationship.</summary>
    public bool IsAuthorized(string methodId, VerificationRelationship relationship)
    {
        ArgumentNullException.ThrowIfNull(methodId);
        var absolute = Absolute(methodId);
        return Relationships.TryGetValue(relationship, out var ids) && ids.Contains(absolute, StringComparer.Ordinal);
    }

    /// <summary>The methods in a relationship.</summary>
    public IEnumerable<VerificationMethod> MethodsFor(VerificationRelationship relationship) =>
        VerificationMethods.Where(m => IsAuthorized(m.Id, relationship));

    /// <summary>The endpoint of the first service of the type, or null.</summary>
    public string? FindServiceEndpoint(string type) => Services.FirstOrDefault(s => s.Type == type)?.ServiceEndpoint;

    /// <summary>The document as DID Core JSON (public keys only).</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["@context"] = new JsonArray([.. DefaultContext.Select(c => (JsonNode?)JsonValue.Create(c))]),
            ["id"] = Id,
            ["verificationMethod"] = new JsonArray([.. VerificationMethods.Select(m => (JsonNode?)new JsonObject
            {
                ["id"] = m.Id,
                ["type"] = m.Type,
                ["controller"] = m.Controller,
                ["publicKeyJwk"] = m.PublicKey.ToPublic().ToJson(),
            })]),
        };
        foreach (var (relationship, name) in RelationshipNames)
        {
            if (Relationships.TryGetValue(relationship, out var ids) && ids.Count > 0)
            {
                json[name] = new JsonArray([.. ids.Select(i => (JsonNode?)JsonValue.Create(i))]);
            }
        }

        if (Services.Count > 0)
        {
            json["service"] = new JsonArray([.. Services.Select(s => (JsonNode?)new JsonObject
            {
                ["id"] = s.Id,
                ["type"] = s.Type,
                ["serviceEndpoint"] = s.ServiceEndpoint,
            })]);
        }

        return json;
    }

    private string Absolute(string reference) =>
        reference.StartsWith('#') ? Id + reference : reference.Contains('#', StringComparison.Ordinal) ? reference : Id + "#" + reference;

    private static readonly (VerificationRelationship Relationship, string Name)[] RelationshipNames =
    [
        (VerificationRelationship.Authentication, "authentication"),
        (VerificationRelationship.AssertionMethod, "assertionMethod"),
        (VerificationRelationship.CapabilityInvocation, "capabilityInvocation"),
        (VerificationRelationship.CapabilityDelegation, "capabilityDelegation"),
        (VerificationRelationship.KeyAgreement, "keyAgreement"),
    ];
}

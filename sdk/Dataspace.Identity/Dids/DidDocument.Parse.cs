using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Dataspace.Identity.Jose;

namespace Dataspace.Identity.Dids;

public sealed partial record DidDocument
{
    /// <summary>Reads a DID document; false with a reason if it is not one (no id, a key of an unsupported kind, ...).</summary>
    /// <remarks>Methods of unsupported key types are skipped rather than failing the document, since a DID may list keys for other uses.</remarks>
    public static bool TryParse(JsonElement json, [NotNullWhen(true)] out DidDocument? document, [NotNullWhen(false)] out string? reason)
    {
        document = null;
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String)
        {
            reason = "a DID document must be a JSON object with a string 'id'";
            return false;
        }

        var id = idElement.GetString()!;
        if (!Did.TryParse(id, out _, out _))
        {
            reason = $"the document's id '{id}' is not a DID";
            return false;
        }

        var methods = new List<VerificationMethod>();
        if (json.TryGetProperty("verificationMethod", out var vms) && vms.ValueKind == JsonValueKind.Array)
        {
            foreach (var vm in vms.EnumerateArray())
            {
                if (TryReadMethod(id, vm, out var method))
                {
                    methods.Add(method);
                }
            }
        }

        var relationships = new Dictionary<VerificationRelationship, IReadOnlyList<string>>();
        foreach (var (relationship, name) in RelationshipNames)
        {
            if (!json.TryGetProperty(name, out var refs) || refs.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            var ids = new List<string>();
            foreach (var entry in refs.EnumerateArray())
            {
                if (entry.ValueKind == JsonValueKind.String)
                {
                    ids.Add(Resolve(id, entry.GetString()!));
                }
                else if (TryReadMethod(id, entry, out var embedded))
                {
                    methods.Add(embedded);
                    ids.Add(embedded.Id);
                }
            }

            relationships[relationship] = ids;
        }

        var services = new List<DidService>();
        if (json.TryGetProperty("service", out var svcs) && svcs.ValueKind == JsonValueKind.Array)
        {
            foreach (var svc in svcs.EnumerateArray())
            {
                var sid = GetString(svc, "id");
                var type = svc.TryGetProperty("type", out var t) ? (t.ValueKind == JsonValueKind.Array ? t.EnumerateArray().FirstOrDefault().GetString() : t.GetString()) : null;
                var endpoint = svc.TryGetProperty("serviceEndpoint", out var e) ? ReadEndpoint(e) : null;
                if (sid is not null && type is not null && endpoint is not null)
                {
                    services.Add(new DidService { Id = Resolve(id, sid), Type = type, ServiceEndpoint = endpoint });
                }
            }
        }

        document = new DidDocument { Id = id, VerificationMethods = methods, Relationships = relationships, Services = services };
        reason = null;
        return true;
    }

    private static bool TryReadMethod(string did, JsonElement vm, [NotNullWhen(true)] out VerificationMethod? method)
    {
        method = null;
        var mid = GetString(vm, "id");
        var type = GetString(vm, "type");
        if (mid is null || type is null)
        {
            return false;
        }

        Jwk? key = null;
        var parsed = vm.TryGetProperty("publicKeyJwk", out var jwk)
            ? Jwk.TryParse(jwk, out key, out _)
            : GetString(vm, "publicKeyMultibase") is { } multibase && MultikeyCodec.TryDecode(multibase, out key, out _);
        if (!parsed || key is null)
        {
            return false;
        }

        method = new VerificationMethod { Id = Resolve(did, mid), Type = type, Controller = GetString(vm, "controller") ?? did, PublicKey = key.ToPublic() with { Kid = null } };
        return true;
    }

    private static string? ReadEndpoint(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Array => e.EnumerateArray().Select(ReadEndpoint).FirstOrDefault(s => s is not null),
        JsonValueKind.Object => e.EnumerateObject().Select(p => ReadEndpoint(p.Value)).FirstOrDefault(s => s is not null),
        _ => null,
    };

    private static string Resolve(string did, string reference) => reference.StartsWith('#') ? did + reference : reference;

    private static string? GetString(JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}

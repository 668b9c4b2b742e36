using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Dataspace.Identity.Dids;
using Dataspace.Identity.Jose;

namespace Dataspace.Evidence.Bundles;

/// <summary>The public keys of a bundle's signers, from the DID documents it carries.</summary>
/// <remarks>
/// A did:key document is checked against the key its DID encodes (and need not be bundled at all). A did:web document
/// cannot be checked offline: the bundled copy, covered by the exporter's manifest, is the evidence of what it said.
/// </remarks>
internal sealed class DidKeys
{
    private readonly Dictionary<string, DidDocument> _documents;

    private DidKeys(Dictionary<string, DidDocument> documents) => _documents = documents;

    public static bool TryLoad(IReadOnlyList<string> texts, List<string> notes, [NotNullWhen(true)] out DidKeys? keys, [NotNullWhen(false)] out string? problem)
    {
        keys = null;
        var documents = new Dictionary<string, DidDocument>(StringComparer.Ordinal);
        for (var i = 0; i < texts.Count; i++)
        {
            DidDocument? document;
            string? reason;
            try
            {
                using var json = JsonDocument.Parse(texts[i]);
                _ = DidDocument.TryParse(json.RootElement, out document, out reason);
            }
            catch (JsonException e)
            {
                document = null;
                reason = $"not valid JSON: {e.Message}";
            }
            catch (Exception e) when (e is FormatException or InvalidOperationException)
            {
                // The DID document parser throws on some malformed keys (bad base64url) instead of returning a reason.
                document = null;
                reason = e.Message;
            }

            if (document is null)
            {
                problem = $"DID document {i} of the bundle is malformed: {reason}";
                return false;
            }

            if (!documents.TryAdd(document.Id, document))
            {
                problem = $"the bundle has two DID documents for '{document.Id}'";
                return false;
            }

            if (document.Id.StartsWith("did:key:", StringComparison.Ordinal))
            {
                var derived = DidKeyResolver.Expand(document.Id, out reason);
                if (derived is null || !document.VerificationMethods.All(m => derived.FindMethod(m.Id) is { } d && SameKey(d.PublicKey, m.PublicKey)))
                {
                    problem = $"the bundled DID document of '{document.Id}' does not match the key the DID encodes{(reason is null ? string.Empty : ": " + reason)}";
                    return false;
                }
            }
            else
            {
                notes.Add($"the DID document of {document.Id} is taken from the bundle (as exported); compare it with the published document or a trusted copy");
            }
        }

        keys = new DidKeys(documents);
        problem = null;
        return true;
    }

    /// <summary>The key of verification method <paramref name="keyName"/> (a DID URL), from the bundled document or a did:key.</summary>
    public bool TryFind(string keyName, [NotNullWhen(true)] out Jwk? key, [NotNullWhen(false)] out string? problem)
    {
        key = null;
        var did = Did.WithoutFragment(keyName);
        if (!_documents.TryGetValue(did, out var document))
        {
            document = did.StartsWith("did:key:", StringComparison.Ordinal) ? DidKeyResolver.Expand(did, out _) : null;
            if (document is null)
            {
                problem = $"the bundle has no DID document for '{did}' (key '{keyName}')";
                return false;
            }
        }

        key = document.FindMethod(keyName)?.PublicKey;
        problem = key is null ? $"the DID document of '{did}' has no verification method '{keyName}'" : null;
        return key is not null;
    }

    private static bool SameKey(Jwk a, Jwk b) => a.Kty == b.Kty && a.Crv == b.Crv && a.X == b.X && a.Y == b.Y && a.N == b.N && a.E == b.E;
}

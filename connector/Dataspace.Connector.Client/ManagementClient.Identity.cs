using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dataspace.Connector.Client;

/// <content>The connector's decentralised identity: its DID document and credential wallet (connectors with a DCP identity only; 404 otherwise).</content>
public sealed partial class ManagementClient
{
    /// <summary>This connector's DID document.</summary>
    public Task<JsonObject> GetDidDocumentAsync(CancellationToken cancellationToken = default) =>
        WithIdentityReasonAsync(() => SendAsync<JsonObject>(HttpMethod.Get, "identity/did", null, cancellationToken));

    /// <summary>Resolves a DID (did:web, did:key or a plugin's method) to its DID document, through the connector.</summary>
    public Task<JsonObject> ResolveDidAsync(string did, CancellationToken cancellationToken = default) =>
        WithIdentityReasonAsync(() => SendAsync<JsonObject>(HttpMethod.Get, "identity/did/resolve/" + Escape(did), null, cancellationToken));

    /// <summary>The credentials in the wallet with their state.</summary>
    public Task<IReadOnlyList<WalletCredential>> ListCredentialsAsync(CancellationToken cancellationToken = default) =>
        WithIdentityReasonAsync(() => SendAsync<IReadOnlyList<WalletCredential>>(HttpMethod.Get, "identity/credentials", null, cancellationToken));

    /// <summary>One credential of the wallet, with its JWT.</summary>
    public Task<WalletCredential> GetCredentialAsync(string id, CancellationToken cancellationToken = default) =>
        WithIdentityReasonAsync(() => SendAsync<WalletCredential>(HttpMethod.Get, "identity/credentials/" + Escape(id), null, cancellationToken));

    /// <summary>Imports a credential (a VC JWT) issued to this connector; 400 says why it was refused.</summary>
    public Task<WalletCredential> ImportCredentialAsync(string jwt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jwt);
        return WithIdentityReasonAsync(() => SendAsync<WalletCredential>(HttpMethod.Post, "identity/credentials", new { credential = jwt.Trim() }, cancellationToken));
    }

    /// <summary>Removes a credential from the wallet.</summary>
    public Task RemoveCredentialAsync(string id, CancellationToken cancellationToken = default) =>
        WithIdentityReasonAsync(async () =>
        {
            await SendAsync(HttpMethod.Delete, "identity/credentials/" + Escape(id), cancellationToken).ConfigureAwait(false);
            return true;
        });

    // The identity endpoints answer errors as {"code", "reason"} rather than problem details: surface the reason itself.
    private static async Task<T> WithIdentityReasonAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (ManagementApiException e) when (ReadReason(e.Detail) is { } reason)
        {
            throw new ManagementApiException(e.StatusCode, e.Title, reason, e.Request ?? "identity");
        }
    }

    private static string? ReadReason(string detail)
    {
        if (!detail.StartsWith('{'))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(detail) is JsonObject o && o["reason"] is JsonValue v && v.TryGetValue<string>(out var reason) ? reason : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

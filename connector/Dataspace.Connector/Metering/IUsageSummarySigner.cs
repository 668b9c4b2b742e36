using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dataspace.Connector.Metering;

/// <summary>Signs our usage summaries with the connector's DID key and verifies a counter-party's (see docs/metering.md).</summary>
/// <remarks>Registered by the DCP identity; without one, usage receipts are not exchanged (only records are kept).</remarks>
public interface IUsageSummarySigner
{
    /// <summary>Signs the summary's claims as a compact JWS; the signer sets <c>iss</c> to our DID.</summary>
    Task<string> SignAsync(JsonObject claims, CancellationToken cancellationToken);

    /// <summary>The claims of <paramref name="jws"/> if it was signed by a key of <paramref name="signerDid"/>; else the reason it is refused.</summary>
    Task<(JsonElement? Claims, string? Refusal)> VerifyAsync(string jws, string signerDid, CancellationToken cancellationToken);
}

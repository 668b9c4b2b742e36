using System.Text.Json;
using Dataspace.Connector.Catalog;
using Dataspace.Connector.FederatedCatalog;
using Dataspace.Identity.Credentials;

namespace Dataspace.Connector.Identity.FederatedCatalog;

/// <summary>
/// Verifies a dataset's data-product registration record as a credential: issued by a trust anchor allowed to issue
/// <c>DataProductRegistrationCredential</c> (the joined authority), signed with its key, valid now, not revoked in its
/// status list, about the member that offers it (credentialSubject.id) and naming this dataset.
/// </summary>
internal sealed class RegistrationRecordVerifier : IRegistrationRecordVerifier
{
    private readonly CredentialVerifier _credentials;

    public RegistrationRecordVerifier(CredentialVerifier credentials) => _credentials = credentials;

    /// <inheritdoc/>
    public async Task<RegistrationCheck> VerifyAsync(string record, string providerDid, string datasetId, CancellationToken cancellationToken)
    {
        if (!ParsedCredential.TryParse(record, out var parsed, out var malformed))
        {
            return RegistrationCheck.Ignored($"the record is not a credential JWT: {malformed}");
        }

        if (!parsed.Types.Contains(DataProductTerms.CredentialType))
        {
            return RegistrationCheck.Ignored($"the record is a {string.Join("/", parsed.Types)}, not a {DataProductTerms.CredentialType}");
        }

        // The provider as holder: a record about another member does not register this member's dataset.
        var verified = await _credentials.VerifyCredentialAsync(record, providerDid, cancellationToken).ConfigureAwait(false);
        if (!verified.Succeeded)
        {
            return RegistrationCheck.Ignored(verified.Reason!);
        }

        var claims = verified.Value!.Claims;
        var dataset = Text(claims, "dataset");
        if (dataset != datasetId)
        {
            return RegistrationCheck.Ignored($"the record registers dataset '{dataset}', not '{datasetId}'");
        }

        return Text(claims, "registrationNumber") is { Length: > 0 } number
            ? RegistrationCheck.Valid(number, Text(claims, "classification"))
            : RegistrationCheck.Ignored("the record has no registrationNumber");
    }

    private static string? Text(JsonElement claims, string name) =>
        claims.ValueKind == JsonValueKind.Object && claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

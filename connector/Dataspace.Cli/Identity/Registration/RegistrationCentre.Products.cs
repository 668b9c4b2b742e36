using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Connector.Catalog;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Issuance;
using Microsoft.Extensions.Logging;

namespace Dataspace.Cli.Identity.Registration;

internal sealed partial class RegistrationCentre
{
    private const int MaxDatasetId = 256;
    private const int MaxName = 256;
    private const int MaxText = 1024;

    /// <summary>
    /// Registers a dataset of <paramref name="callerDid"/>'s catalog: an approved member, its own DSP endpoint, valid
    /// metadata. Valid registrations of approved members are registered at once (the member was vetted on approval);
    /// the record is a <c>DataProductRegistrationCredential</c> with a revocation entry in the authority's status list.
    /// </summary>
    public async Task<(ProductRegistration? Product, RegistrationError? Error)> RegisterProductAsync(JsonElement body, string callerDid, CancellationToken cancellationToken)
    {
        var member = await Store.FindMemberAsync(callerDid, cancellationToken).ConfigureAwait(false);
        if (member?.Status != ApplicationStatuses.Approved)
        {
            return (null, new RegistrationError(403, member?.Status == ApplicationStatuses.Revoked ? "member-revoked" : "not-a-member", member?.Status == ApplicationStatuses.Revoked
                ? $"the membership of {callerDid} was revoked; a revoked member registers no data products"
                : $"{callerDid} has no approved application ({member?.Status ?? "none"}); only approved members register data products (apply at POST /registration/applications)"));
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            return (null, RegistrationError.BadRequest("invalid-request", "the body must be a JSON object {\"datasetId\", \"dspEndpoint\", \"owner\", \"source\", \"classification\", \"updateFrequency\", \"legalBasis\"}"));
        }

        if (Text(body, "datasetId", MaxDatasetId, out var datasetId) is { } badDataset)
        {
            return (null, badDataset);
        }

        if (Text(body, "dspEndpoint", MaxText, out var endpoint) is { } badEndpoint)
        {
            return (null, badEndpoint);
        }

        // A member registers datasets of its own catalog only: the endpoint must be the one its membership was approved with.
        if (!string.Equals(endpoint.TrimEnd('/'), member.DspEndpoint.TrimEnd('/'), StringComparison.Ordinal))
        {
            return (null, new RegistrationError(403, "not-your-dataset", $"the dataset is offered at {endpoint}, but the membership of {callerDid} is for the DSP endpoint {member.DspEndpoint}; a member registers only datasets of its own catalog"));
        }

        foreach (var (name, max) in new[] { ("owner", MaxName), ("source", MaxText), ("legalBasis", MaxText) })
        {
            if (Text(body, name, max, out _) is { } bad)
            {
                return (null, bad);
            }
        }

        Text(body, "classification", MaxName, out var classification);
        if (!DataProductTerms.ClassificationLevels.Contains(classification, StringComparer.Ordinal))
        {
            return (null, RegistrationError.BadRequest("invalid-classification", $"classification '{classification}' is not a level of the national data classification (数据分类分级); expected one of {string.Join(", ", DataProductTerms.ClassificationLevels)}"));
        }

        Text(body, "updateFrequency", MaxText, out var frequencyText);
        if (DataProductTerms.FrequencyIri(frequencyText) is not { } frequency)
        {
            return (null, RegistrationError.BadRequest("invalid-frequency", $"updateFrequency '{frequencyText}' is not a code or IRI of the EU frequency vocabulary ({DataProductTerms.FrequencyVocabulary}), e.g. DAILY, WEEKLY, MONTHLY, ANNUAL, IRREG"));
        }

        var now = _time.GetUtcNow();
        var number = string.Create(CultureInfo.InvariantCulture, $"DPR-{now:yyyyMMdd}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(5))}");
        Text(body, "owner", MaxName, out var owner);
        Text(body, "source", MaxText, out var source);
        Text(body, "legalBasis", MaxText, out var legalBasis);
        var claims = new JsonObject
        {
            ["registrationNumber"] = number,
            ["dataset"] = datasetId,
            ["dspEndpoint"] = member.DspEndpoint,
            ["provider"] = new JsonObject { ["id"] = callerDid, ["legalName"] = member.LegalName },
            ["owner"] = owner,
            ["source"] = source,
            ["classification"] = classification,
            ["updateFrequency"] = frequency,
            ["legalBasis"] = legalBasis,
            ["registeredAt"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };
        if (Options.Dataspace is not null)
        {
            claims["dataspace"] = Options.Dataspace;
        }

        // The subject is the provider (its DID is credentialSubject.id), so revoking a member revokes its records too
        // and a verifier checks the record against the catalog's participant like any held credential.
        var (jwt, record) = await Desk.IssueAsync(
            new CredentialRequest { SubjectDid = callerDid, Type = DataProductTerms.CredentialType, Claims = claims, Profile = CredentialProfile.Vc20BitstringStatusList, ValidFor = Options.CredentialLifetime },
            cancellationToken).ConfigureAwait(false);
        var product = new ProductRegistration
        {
            Number = number,
            ProviderDid = callerDid,
            DatasetId = datasetId,
            DspEndpoint = member.DspEndpoint,
            Owner = owner,
            Source = source,
            Classification = classification,
            UpdateFrequency = frequency,
            LegalBasis = legalBasis,
            Status = ProductRegistration.Registered,
            Credential = jwt,
            CredentialId = record.Id,
            RegisteredAt = now,
            ValidUntil = record.ValidUntil,
        };
        foreach (var superseded in await Store.AddProductAsync(product, cancellationToken).ConfigureAwait(false))
        {
            await Desk.RevokeAsync(superseded, cancellationToken).ConfigureAwait(false);
        }

        LogProductRegistered(_logger, number, datasetId, callerDid, classification);
        return (product, null);
    }

    /// <summary>A registration as the API and the operator's list show it.</summary>
    public static JsonObject ProductJson(ProductRegistration product) => new()
    {
        ["registrationNumber"] = product.Number,
        ["status"] = product.Status,
        ["provider"] = product.ProviderDid,
        ["datasetId"] = product.DatasetId,
        ["dspEndpoint"] = product.DspEndpoint,
        ["owner"] = product.Owner,
        ["source"] = product.Source,
        ["classification"] = product.Classification,
        ["updateFrequency"] = product.UpdateFrequency,
        ["legalBasis"] = product.LegalBasis,
        ["registeredAt"] = product.RegisteredAt.ToString("O", CultureInfo.InvariantCulture),
        ["validUntil"] = product.ValidUntil?.ToString("O", CultureInfo.InvariantCulture),
        ["reason"] = product.Reason,
        ["credential"] = product.Credential,
    };

    // A required string member of 1 to max characters without control characters; the error when it is not.
    private static RegistrationError? Text(JsonElement body, string name, int max, out string value)
    {
        value = body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()!.Trim() : "";
        return value.Length == 0 || value.Length > max || value.Any(char.IsControl)
            ? RegistrationError.BadRequest("invalid-" + name, $"'{name}' must be a string of 1 to {max} characters without control characters")
            : null;
    }

    [LoggerMessage(EventId = 4155, Level = LogLevel.Information, Message = "Data product {Number} registered: dataset {Dataset} of {Did} ({Classification})")]
    private static partial void LogProductRegistered(ILogger logger, string number, string dataset, string did, string classification);
}

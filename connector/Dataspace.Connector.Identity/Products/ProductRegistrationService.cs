using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Connector.Catalog;
using Dataspace.Connector.Identity.Join;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Dids;
using Dataspace.Sdk.Storage;
using Microsoft.Extensions.Logging;

namespace Dataspace.Connector.Identity.Products;

/// <summary>
/// Registers this connector's assets as data products (数据产品登记) with the authority it joined: authenticates with its
/// DID, checks the record the authority signs, and stores it with the asset, whose catalog dataset then carries it.
/// </summary>
internal sealed partial class ProductRegistrationService
{
    private const int MaxText = 1024;
    private readonly IAssetStore _assets;
    private readonly JoinStore _join;
    private readonly AuthorityClient _authority;
    private readonly ILocalIdentityProvider _identity;
    private readonly CredentialVerifier _verifier;
    private readonly ILogger<ProductRegistrationService> _logger;

    public ProductRegistrationService(IAssetStore assets, JoinStore join, AuthorityClient authority, ILocalIdentityProvider identity, CredentialVerifier verifier, ILogger<ProductRegistrationService> logger)
    {
        _assets = assets;
        _join = join;
        _authority = authority;
        _identity = identity;
        _verifier = verifier;
        _logger = logger;
    }

    /// <summary>Registers the asset; the authority's answer (number, metadata, record).</summary>
    /// <exception cref="ProductRegistrationException">The input is invalid, the asset unknown, the connector not a member, or the authority refused.</exception>
    public async Task<JsonObject> RegisterAsync(string assetId, JsonElement input, CancellationToken cancellationToken)
    {
        var metadata = Metadata(input);
        var asset = await _assets.GetAsync(assetId, cancellationToken).ConfigureAwait(false)
            ?? throw new ProductRegistrationException(404, $"no asset '{assetId}'");
        JoinState? state;
        try
        {
            state = await _join.GetAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw new ProductRegistrationException(500, $"the join state could not be read: {e.Message}", e);
        }

        if (state is not { Phase: JoinState.Joined })
        {
            throw new ProductRegistrationException(409, state is null
                ? "this connector has not joined a data space; data products are registered with the authority joined ('dataspace join' first)"
                : $"this connector's membership of {state.AuthorityDid} is {state.Phase}, not joined; register data products once joined");
        }

        var identity = _identity.Current;
        var dsp = identity.Document.Services.FirstOrDefault(s => s.Type == DidServiceTypes.DataService)?.ServiceEndpoint
            ?? throw new ProductRegistrationException(409, $"this connector's DID {identity.Did} lists no DSP endpoint, so no dataset of it can be registered");
        var body = new JsonObject { ["datasetId"] = asset.Id, ["dspEndpoint"] = dsp };
        foreach (var (name, value) in metadata)
        {
            body[name] = value;
        }

        JsonObject answer;
        try
        {
            answer = await _authority.RegisterProductAsync(state.AuthorityUrl, state.AuthorityDid, body, cancellationToken).ConfigureAwait(false);
        }
        catch (AuthorityException e)
        {
            throw new ProductRegistrationException(e.Status is >= 400 and < 500 ? 422 : 502, e.Message, e);
        }

        // The record is checked as any verifier will: a catalog carrying a record others reject helps no one.
        var record = answer["credential"] is JsonValue c && c.TryGetValue<string>(out var jwt) ? jwt : throw new ProductRegistrationException(502, "the authority's answer has no 'credential' (the registration record)");
        var verified = await _verifier.VerifyCredentialAsync(record, identity.Did, cancellationToken).ConfigureAwait(false);
        if (!verified.Succeeded)
        {
            throw new ProductRegistrationException(502, $"the registration record the authority returned does not verify: {verified.Reason!}");
        }

        var claims = JsonNode.Parse(verified.Value!.Claims.GetRawText())!.AsObject();
        if (claims["dataset"]?.GetValue<string>() != asset.Id || !verified.Value!.Types.Contains(DataProductTerms.CredentialType))
        {
            throw new ProductRegistrationException(502, $"the authority's record is not a {DataProductTerms.CredentialType} of dataset '{asset.Id}'");
        }

        var number = claims["registrationNumber"]?.GetValue<string>() ?? throw new ProductRegistrationException(502, "the authority's record has no registrationNumber");
        var properties = asset.Properties.DeepClone().AsObject();
        properties[DataProductTerms.Record] = record;
        properties[DataProductTerms.RegistrationNumber] = number;
        properties[DataProductTerms.Classification] = claims["classification"]?.DeepClone();
        properties[DataProductTerms.Owner] = claims["owner"]?.DeepClone();
        properties[DataProductTerms.Source] = claims["source"]?.DeepClone();
        properties[DataProductTerms.LegalBasis] = claims["legalBasis"]?.DeepClone();
        properties[DataProductTerms.AccrualPeriodicity] = claims["updateFrequency"]?.DeepClone();
        if (!await _assets.UpdateAsync(asset with { Properties = properties }, cancellationToken).ConfigureAwait(false))
        {
            throw new ProductRegistrationException(409, $"asset '{asset.Id}' was deleted while it was registered as {number}; the registration stands at the authority");
        }

        LogRegistered(_logger, asset.Id, number, state.AuthorityDid);
        return answer;
    }

    // The metadata as the authority takes it; checked here too so that a typo is answered without a round trip.
    private static List<(string Name, string Value)> Metadata(JsonElement input)
    {
        if (input.ValueKind != JsonValueKind.Object)
        {
            throw new ProductRegistrationException("the body must be a JSON object {\"owner\", \"source\", \"classification\", \"updateFrequency\", \"legalBasis\"}");
        }

        var values = new List<(string, string)>();
        foreach (var name in new[] { "owner", "source", "classification", "updateFrequency", "legalBasis" })
        {
            var value = input.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()!.Trim() : "";
            if (value.Length is 0 or > MaxText)
            {
                throw new ProductRegistrationException($"'{name}' is required: a string of 1 to {MaxText} characters");
            }

            values.Add((name, value));
        }

        var classification = values[2].Item2;
        if (!DataProductTerms.ClassificationLevels.Contains(classification, StringComparer.Ordinal))
        {
            throw new ProductRegistrationException($"classification '{classification}' is not a level of the national data classification (数据分类分级); expected one of {string.Join(", ", DataProductTerms.ClassificationLevels)}");
        }

        if (DataProductTerms.FrequencyIri(values[3].Item2) is null)
        {
            throw new ProductRegistrationException($"updateFrequency '{values[3].Item2}' is not a code or IRI of the EU frequency vocabulary ({DataProductTerms.FrequencyVocabulary}), e.g. DAILY, WEEKLY, MONTHLY, ANNUAL, IRREG");
        }

        return values;
    }

    [LoggerMessage(EventId = 4040, Level = LogLevel.Information, Message = "Asset {Asset} registered as data product {Number} with {Authority}")]
    private static partial void LogRegistered(ILogger logger, string asset, string number, string authority);
}

using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dataspace.Dsp.Internal;

/// <summary>
/// Catalogs, datasets, distributions, data services and data addresses: node types whose terms come from their own
/// type-scoped context, so each must carry its @type (without it, expansion would drop those terms).
/// </summary>
internal ref partial struct CanonicalReader
{
    private static bool ReadNestedCatalog(ref CanonicalReader reader, out Catalog? catalog) => reader.ReadCatalog(topLevel: false, out catalog);

    private static bool ReadNestedDataset(ref CanonicalReader reader, out Dataset? dataset) => reader.ReadDataset(topLevel: false, out dataset);

    private static bool ReadNestedDistribution(ref CanonicalReader reader, out Distribution? distribution) => reader.ReadDistribution(topLevel: false, out distribution);

    private static bool ReadNestedDataService(ref CanonicalReader reader, out DataService? service) => reader.ReadDataService(topLevel: false, out service);

    private static bool ReadDataAddress(ref CanonicalReader reader, out DataAddress? address) => reader.ReadDataAddress(out address);

    private static bool ReadEndpointProperty(ref CanonicalReader reader, out EndpointProperty? property) => reader.ReadEndpointProperty(out property);

    // The Catalog context defines no hasPolicy (compaction drops it), so a catalog with offers of its own is not canonical.
    private bool ReadCatalog(bool topLevel, out Catalog? catalog)
    {
        catalog = null;
        var header = default(Header);
        string? id = null, participantId = null;
        IReadOnlyList<DataService>? service = null;
        IReadOnlyList<Dataset>? dataset = null;
        IReadOnlyList<Catalog>? catalogs = null;
        IReadOnlyList<Distribution>? distribution = null;
        Dictionary<string, JsonElement>? extensions = null;
        while (NextMember())
        {
            var term = CurrentTerm();
            var ok = term switch
            {
                Term.Id => ReadIdentifier(ref id),
                Term.ParticipantId => ReadIdentifier(ref participantId),
                Term.Service => ReadSet(ref service, ReadNestedDataService),
                Term.Dataset => ReadSet(ref dataset, ReadNestedDataset),
                Term.Catalog => ReadSet(ref catalogs, ReadNestedCatalog),
                Term.Distribution => ReadSet(ref distribution, ReadNestedDistribution),
                Term.Type or Term.Context => ReadHeader(term, ref header, "Catalog"u8, topLevel),
                _ => ReadMetadata(ref extensions),
            };
            if (!ok)
            {
                return false;
            }
        }

        if (!header.Complete(topLevel))
        {
            return false;
        }

        catalog = new Catalog
        {
            Context = ContextFor(topLevel), Id = id, ParticipantId = participantId, Service = service, Dataset = dataset, Catalogs = catalogs,
            Distribution = distribution, Extensions = extensions,
        };
        return true;
    }

    private bool ReadDataset(bool topLevel, out Dataset? dataset)
    {
        dataset = null;
        var header = default(Header);
        string? id = null;
        IReadOnlyList<OdrlPolicy>? hasPolicy = null;
        IReadOnlyList<Distribution>? distribution = null;
        Dictionary<string, JsonElement>? extensions = null;
        while (NextMember())
        {
            var term = CurrentTerm();
            var ok = term switch
            {
                Term.Id => ReadIdentifier(ref id),
                Term.HasPolicy => ReadSet(ref hasPolicy, ReadOffer),
                Term.Distribution => ReadSet(ref distribution, ReadNestedDistribution),
                Term.Type or Term.Context => ReadHeader(term, ref header, "Dataset"u8, topLevel),
                _ => ReadMetadata(ref extensions),
            };
            if (!ok)
            {
                return false;
            }
        }

        if (!header.Complete(topLevel))
        {
            return false;
        }

        dataset = new Dataset { Context = ContextFor(topLevel), Id = id, HasPolicy = hasPolicy, Distribution = distribution, Extensions = extensions };
        return true;
    }

    private bool ReadDistribution(bool topLevel, out Distribution? distribution)
    {
        distribution = null;
        var header = default(Header);
        string? format = null;
        JsonNode? accessService = null;
        Dictionary<string, JsonElement>? extensions = null;
        while (NextMember())
        {
            var term = CurrentTerm();
            var ok = term switch
            {
                Term.Format => ReadIdentifier(ref format),
                Term.AccessService => ReadAccessService(ref accessService),
                Term.Type or Term.Context => ReadHeader(term, ref header, "Distribution"u8, topLevel),
                _ => ReadMetadata(ref extensions),
            };
            if (!ok)
            {
                return false;
            }
        }

        if (!header.Complete(topLevel))
        {
            return false;
        }

        distribution = new Distribution { Context = ContextFor(topLevel), Format = format, AccessService = accessService, Extensions = extensions };
        return true;
    }

    private bool ReadDataService(bool topLevel, out DataService? service)
    {
        service = null;
        var header = default(Header);
        string? id = null, endpointUrl = null, endpointDescription = null;
        Dictionary<string, JsonElement>? extensions = null;
        while (NextMember())
        {
            var term = CurrentTerm();
            var ok = term switch
            {
                Term.Id => ReadIdentifier(ref id),
                Term.EndpointUrl => ReadLiteral(ref endpointUrl),
                Term.EndpointDescription => ReadLiteral(ref endpointDescription),
                Term.Type or Term.Context => ReadHeader(term, ref header, "DataService"u8, topLevel),
                _ => ReadMetadata(ref extensions),
            };
            if (!ok)
            {
                return false;
            }
        }

        if (!header.Complete(topLevel))
        {
            return false;
        }

        service = new DataService { Context = ContextFor(topLevel), Id = id, EndpointURL = endpointUrl, EndpointDescription = endpointDescription, Extensions = extensions };
        return true;
    }

    /// <summary>
    /// A distribution's data service: its id as a plain string (accessService has no type coercion), a canonical data
    /// service object, or a reference <c>{"@id": ...}</c>; an object is held as parsed, as the record's converter holds it.
    /// </summary>
    private bool ReadAccessService(ref JsonNode? value)
    {
        if (value is not null || !_json.Read())
        {
            return false;
        }

        if (_json.TokenType == JsonTokenType.String)
        {
            value = JsonValue.Create(_json.GetString());
            return true;
        }

        if (_json.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        var check = this;
        if (!check.ReadDataService(topLevel: false, out _) && !IsReference(this))
        {
            return false;
        }

        value = JsonNode.Parse(ref _json);
        return value is not null;
    }

    private static bool IsReference(CanonicalReader reader)
    {
        string? id = null;
        var ok = reader.NextMember() && reader.CurrentTerm() == Term.Id && reader.ReadIdentifier(ref id);
        return ok && !reader.NextMember();
    }

    private bool ReadDataAddress(out DataAddress? address)
    {
        address = null;
        var header = default(Header);
        string? endpointType = null, endpoint = null;
        IReadOnlyList<EndpointProperty>? properties = null;
        while (NextMember())
        {
            var term = CurrentTerm();
            var ok = term switch
            {
                Term.EndpointType => ReadIdentifier(ref endpointType),
                Term.Endpoint => ReadLiteral(ref endpoint),
                Term.EndpointProperties => ReadSet(ref properties, ReadEndpointProperty),
                Term.Type or Term.Context => ReadHeader(term, ref header, "DataAddress"u8, topLevel: false),
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        if (!header.Complete(topLevel: false) || endpointType is null)
        {
            return false;
        }

        address = new DataAddress { Type = "DataAddress", EndpointType = endpointType, Endpoint = endpoint, EndpointProperties = properties };
        return true;
    }

    private bool ReadEndpointProperty(out EndpointProperty? property)
    {
        property = null;
        var header = default(Header);
        string? name = null, value = null;
        while (NextMember())
        {
            var term = CurrentTerm();
            var ok = term switch
            {
                Term.Name => ReadLiteral(ref name),
                Term.Value => ReadLiteral(ref value),
                Term.Type or Term.Context => ReadHeader(term, ref header, "EndpointProperty"u8, topLevel: false),
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        if (!header.Complete(topLevel: false) || name is null || value is null)
        {
            return false;
        }

        property = new EndpointProperty { Type = "EndpointProperty", Name = name, Value = value };
        return true;
    }

    // Nested nodes hold no context of their own, as the source-generated reader leaves them.
    private static IReadOnlyList<string> ContextFor(bool topLevel) => topLevel ? DspContext.Default : null!;
}

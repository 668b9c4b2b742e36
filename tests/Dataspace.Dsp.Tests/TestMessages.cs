using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dataspace.Dsp.Tests;

/// <summary>One record of every DSP message type, built as a connector builds them, with every optional member set.</summary>
internal static class TestMessages
{
    public static IReadOnlyDictionary<string, object> All { get; } = new Dictionary<string, object>(StringComparer.Ordinal)
    {
        [ContractRequestMessage.TypeName] = new ContractRequestMessage { ProviderPid = "urn:uuid:p", ConsumerPid = "urn:uuid:c", Offer = Offer(), CallbackAddress = "https://consumer.example/dsp" },
        [ContractOfferMessage.TypeName] = new ContractOfferMessage { ProviderPid = "urn:uuid:p", ConsumerPid = "urn:uuid:c", Offer = Offer(), CallbackAddress = "https://provider.example/dsp" },
        [ContractAgreementMessage.TypeName] = new ContractAgreementMessage { ProviderPid = "urn:uuid:p", ConsumerPid = "urn:uuid:c", Agreement = Offer() with { Type = "Agreement", Timestamp = "2025-01-01T00:00:00Z" }, Timestamp = "2025-01-01T00:00:01Z" },
        [ContractAgreementVerificationMessage.TypeName] = new ContractAgreementVerificationMessage { ProviderPid = "urn:uuid:p", ConsumerPid = "urn:uuid:c" },
        [ContractNegotiationEventMessage.TypeName] = new ContractNegotiationEventMessage { ProviderPid = "urn:uuid:p", ConsumerPid = "urn:uuid:c", EventType = "FINALIZED" },
        [ContractNegotiationTerminationMessage.TypeName] = new ContractNegotiationTerminationMessage { ProviderPid = "urn:uuid:p", ConsumerPid = "urn:uuid:c", Code = "policy", Reason = Reasons() },
        [ContractNegotiation.TypeName] = new ContractNegotiation { ProviderPid = "urn:uuid:p", ConsumerPid = "urn:uuid:c", State = "AGREED" },
        [ContractNegotiationError.TypeName] = new ContractNegotiationError { ProviderPid = "urn:uuid:p", ConsumerPid = "urn:uuid:c", Code = "400", Reason = Reasons() },
        [TransferRequestMessage.TypeName] = new TransferRequestMessage { ConsumerPid = "urn:uuid:c", AgreementId = "urn:uuid:a", Format = "HttpData-PUSH", DataAddress = Address(), CallbackAddress = "https://consumer.example/dsp" },
        [TransferStartMessage.TypeName] = new TransferStartMessage { ProviderPid = "urn:uuid:p", ConsumerPid = "urn:uuid:c", DataAddress = Address() },
        [TransferCompletionMessage.TypeName] = new TransferCompletionMessage { ProviderPid = "urn:uuid:p", ConsumerPid = "urn:uuid:c" },
        [TransferSuspensionMessage.TypeName] = new TransferSuspensionMessage { ProviderPid = "urn:uuid:p", ConsumerPid = "urn:uuid:c", Code = "paused", Reason = Reasons() },
        [TransferTerminationMessage.TypeName] = new TransferTerminationMessage { ProviderPid = "urn:uuid:p", ConsumerPid = "urn:uuid:c", Code = "done", Reason = Reasons() },
        [TransferProcess.TypeName] = new TransferProcess { ProviderPid = "urn:uuid:p", ConsumerPid = "urn:uuid:c", State = "STARTED" },
        [TransferError.TypeName] = new TransferError { ProviderPid = "urn:uuid:p", ConsumerPid = "urn:uuid:c", Code = "500", Reason = Reasons() },
        [CatalogRequestMessage.TypeName] = new CatalogRequestMessage { Filter = [JsonValue.Create("keyword=weather")] },
        [DatasetRequestMessage.TypeName] = new DatasetRequestMessage { Dataset = "urn:uuid:dataset-1" },
        [CatalogError.TypeName] = new CatalogError { Code = "401", Reason = Reasons() },
        [Catalog.TypeName] = new Catalog
        {
            Id = "urn:uuid:catalog",
            ParticipantId = "did:web:provider.example",
            Service = [new DataService { Context = null!, Id = "urn:uuid:service", EndpointURL = "https://provider.example/dsp", EndpointDescription = "DSP endpoint", Extensions = Metadata() }],
            Dataset = [Dataset() with { Context = null! }],
            Catalogs = [new Catalog { Context = null!, Id = "urn:uuid:sub", Distribution = [Distribution()] }],
            Extensions = Metadata(),
        },
        [Dataspace.Dsp.Dataset.TypeName] = Dataset(),
    };

    public static TheoryData<string> Names() => new(All.Keys.Order(StringComparer.Ordinal));

    /// <summary>Writes a record of any DSP message type in canonical form.</summary>
    public static byte[] Write(DspSerializer serializer, object message) => message switch
    {
        ContractRequestMessage m => serializer.Write(m),
        ContractOfferMessage m => serializer.Write(m),
        ContractAgreementMessage m => serializer.Write(m),
        ContractAgreementVerificationMessage m => serializer.Write(m),
        ContractNegotiationEventMessage m => serializer.Write(m),
        ContractNegotiationTerminationMessage m => serializer.Write(m),
        ContractNegotiation m => serializer.Write(m),
        ContractNegotiationError m => serializer.Write(m),
        TransferRequestMessage m => serializer.Write(m),
        TransferStartMessage m => serializer.Write(m),
        TransferCompletionMessage m => serializer.Write(m),
        TransferSuspensionMessage m => serializer.Write(m),
        TransferTerminationMessage m => serializer.Write(m),
        TransferProcess m => serializer.Write(m),
        TransferError m => serializer.Write(m),
        CatalogRequestMessage m => serializer.Write(m),
        DatasetRequestMessage m => serializer.Write(m),
        CatalogError m => serializer.Write(m),
        Catalog m => serializer.Write(m),
        Dataset m => serializer.Write(m),
        _ => throw new ArgumentException($"No writer for {message.GetType().Name}.", nameof(message)),
    };

    private static OdrlPolicy Offer()
    {
        var constraint = new OdrlConstraint { LeftOperand = "dateTime", Operator = "lteq", RightOperand = JsonValue.Create("2030-01-01T00:00:00Z") };
        return new OdrlPolicy
        {
            Id = "urn:uuid:offer",
            Type = "Offer",
            Target = "urn:uuid:asset",
            Assigner = "did:web:provider.example",
            Assignee = "did:web:consumer.example",
            Profile = JsonValue.Create("https://profile.example/v1"),
            Permission =
            [
                new OdrlRule
                {
                    Action = JsonValue.Create("use"),
                    Constraint =
                    [
                        constraint,
                        new OdrlConstraint { Or = [constraint, constraint with { RightOperand = new JsonObject { ["@value"] = "2031-01-01", ["@type"] = "xsd:date" } }] },
                        new OdrlConstraint { LeftOperand = "purpose", Operator = "isAnyOf", RightOperand = new JsonArray("research", "teaching") },
                        new OdrlConstraint { LeftOperand = "count", Operator = "lteq", RightOperand = JsonValue.Create(10) },
                    ],
                    Duty = [new OdrlRule { Action = JsonValue.Create("compensate") }],
                },
            ],
            Prohibition = [new OdrlRule { Action = JsonValue.Create("distribute"), Target = "urn:uuid:asset" }],
            Obligation = [new OdrlRule { Action = JsonValue.Create("delete"), Assignee = "did:web:consumer.example" }],
        };
    }

    private static Dataset Dataset() => new()
    {
        Id = "urn:uuid:dataset-1",
        HasPolicy = [Offer()],
        Distribution = [Distribution(), Distribution() with { AccessService = new JsonObject { ["@id"] = "urn:uuid:service", ["@type"] = "DataService", ["endpointURL"] = "https://provider.example/dsp" } }],
        Extensions = Metadata(),
    };

    private static Distribution Distribution() => new() { Context = null!, Format = "HttpData-PULL", AccessService = JsonValue.Create("urn:uuid:service") };

    private static DataAddress Address() => new()
    {
        EndpointType = "https://w3id.org/idsa/v4.1/HTTP",
        Endpoint = "https://consumer.example/inbox",
        EndpointProperties = [new EndpointProperty { Name = "authorization", Value = "Bearer token" }, new EndpointProperty { Name = "authType", Value = "bearer" }],
    };

    private static List<JsonNode> Reasons() => [JsonValue.Create("first reason"), JsonValue.Create("second reason")];

    private static Dictionary<string, JsonElement> Metadata() => new(StringComparer.Ordinal)
    {
        ["dct:title"] = JsonSerializer.SerializeToElement("Weather observations"),
        ["dcat:keyword"] = JsonSerializer.SerializeToElement(new[] { "weather", "observations" }),
        ["dcat:byteSize"] = JsonSerializer.SerializeToElement(1024),
    };
}

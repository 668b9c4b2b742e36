using System.Text;
using System.Text.Json.Nodes;

namespace Dataspace.Dsp.Tests;

/// <summary>
/// DSP 2025-1 messages in the forms Eclipse EDC (0.13+) and Tractus-X EDC send: compacted against the DSP context plus
/// EDC's own (and Tractus-X's), message and process ids as plain UUIDs, @context as the last member, empty rule and
/// constraint lists left out, a QuerySpec as the catalog filter and endpoint properties named by EDC IRIs.
/// </summary>
/// <remarks>Written by hand from how EDC's DSP 2025-1 transformers build each message and how it compacts them.</remarks>
public sealed class EdcMessageFormsTests
{
    internal const string EdcContexts = """["https://w3id.org/dspace/2025/1/context.jsonld", "https://w3id.org/edc/dspace/v0.0.1"]""";

    internal const string TractusXContexts = """
        ["https://w3id.org/dspace/2025/1/context.jsonld", "https://w3id.org/edc/dspace/v0.0.1",
         "https://w3id.org/tractusx/auth/v1.0.0", "https://w3id.org/catenax/2025/9/policy/context.jsonld"]
        """;

    private readonly DspSerializer _serializer = new();

    [Theory]
    [InlineData(EdcContexts)]
    [InlineData(TractusXContexts)]
    public async Task ReadAsync_EdcCatalogRequestWithQuerySpec_KeepsTheQuerySpec(string contexts)
    {
        var json = $$"""
            {
              "@type": "CatalogRequestMessage",
              "filter": [
                { "@type": "QuerySpec", "limit": 50, "offset": 0, "sortOrder": "ASC", "filterExpression": [] }
              ],
              "@context": {{contexts}}
            }
            """;

        var message = await _serializer.ReadAsync<CatalogRequestMessage>(Encoding.UTF8.GetBytes(json));

        var filter = Assert.Single(message.Filter!).AsObject();
        Assert.Equal("https://w3id.org/edc/v0.0.1/ns/QuerySpec", (string?)filter["@type"]);
        Assert.Equal(50, (int)filter["https://w3id.org/edc/v0.0.1/ns/limit"]!);
        Assert.Equal(0, (int)filter["https://w3id.org/edc/v0.0.1/ns/offset"]!);
        Assert.Equal("ASC", (string?)filter["https://w3id.org/edc/v0.0.1/ns/sortOrder"]);
        Assert.Empty(filter["https://w3id.org/edc/v0.0.1/ns/filterExpression"]!.AsArray());
    }

    [Fact]
    public async Task ReadAsync_EdcContractRequest_UuidPidsContextLastNoConstraint()
    {
        var consumerPid = Guid.NewGuid().ToString();
        var json = $$"""
            {
              "@id": "{{Guid.NewGuid()}}",
              "@type": "ContractRequestMessage",
              "consumerPid": "{{consumerPid}}",
              "callbackAddress": "http://127.0.0.1:8282/protocol/2025-1",
              "offer": {
                "@id": "offer-1:asset-1:MTIz",
                "@type": "Offer",
                "permission": [ { "action": "use" } ],
                "assigner": "provider",
                "target": "asset-1"
              },
              "@context": {{EdcContexts}}
            }
            """;

        var message = await _serializer.ReadAsync<ContractRequestMessage>(Encoding.UTF8.GetBytes(json));

        Assert.Equal(consumerPid, message.ConsumerPid);
        Assert.Null(message.ProviderPid);
        Assert.Equal("http://127.0.0.1:8282/protocol/2025-1", message.CallbackAddress);
        Assert.Equal("offer-1:asset-1:MTIz", message.Offer.Id);
        Assert.Equal("asset-1", message.Offer.Target);
        Assert.Equal("provider", message.Offer.Assigner);
        var permission = Assert.Single(message.Offer.Permission!);
        Assert.Equal("use", (string?)permission.Action);
        Assert.Null(permission.Constraint);
    }

    [Fact]
    public async Task ReadAsync_TractusXContractRequestWithCatenaXConstraint_KeepsTheLeftOperandIri()
    {
        var json = $$"""
            {
              "@id": "{{Guid.NewGuid()}}",
              "@type": "ContractRequestMessage",
              "consumerPid": "{{Guid.NewGuid()}}",
              "callbackAddress": "http://127.0.0.1:8282/protocol/2025-1",
              "offer": {
                "@id": "offer-1",
                "@type": "Offer",
                "permission": [
                  {
                    "action": "use",
                    "constraint": [ { "leftOperand": "FrameworkAgreement", "operator": "eq", "rightOperand": "DataExchangeGovernance:1.0" } ]
                  }
                ],
                "assigner": "BPNL000000000001",
                "target": "asset-1"
              },
              "@context": {{TractusXContexts}}
            }
            """;

        var message = await _serializer.ReadAsync<ContractRequestMessage>(Encoding.UTF8.GetBytes(json));

        var constraint = Assert.Single(Assert.Single(message.Offer.Permission!).Constraint!);
        Assert.Equal("https://w3id.org/catenax/2025/9/policy/FrameworkAgreement", constraint.LeftOperand);
        Assert.Equal("eq", constraint.Operator);
    }

    [Fact]
    public async Task ReadAsync_EdcTransferRequestWithEdcEndpointProperties_KeepsTheirIris()
    {
        var json = $$"""
            {
              "@id": "{{Guid.NewGuid()}}",
              "@type": "TransferRequestMessage",
              "agreementId": "{{Guid.NewGuid()}}",
              "format": "HttpData-PUSH",
              "callbackAddress": "http://127.0.0.1:8282/protocol/2025-1",
              "consumerPid": "{{Guid.NewGuid()}}",
              "dataAddress": {
                "@type": "DataAddress",
                "endpointType": "HttpData",
                "endpointProperties": [
                  { "@type": "EndpointProperty", "name": "https://w3id.org/edc/v0.0.1/ns/baseUrl", "value": "http://127.0.0.1:9999/sink" },
                  { "@type": "EndpointProperty", "name": "https://w3id.org/edc/v0.0.1/ns/method", "value": "POST" }
                ]
              },
              "@context": {{EdcContexts}}
            }
            """;

        var message = await _serializer.ReadAsync<TransferRequestMessage>(Encoding.UTF8.GetBytes(json));

        Assert.Equal("HttpData-PUSH", message.Format);
        Assert.Equal("HttpData", message.DataAddress!.EndpointType);
        Assert.Collection(message.DataAddress.EndpointProperties!,
            p => Assert.Equal(("https://w3id.org/edc/v0.0.1/ns/baseUrl", "http://127.0.0.1:9999/sink"), (p.Name, p.Value)),
            p => Assert.Equal(("https://w3id.org/edc/v0.0.1/ns/method", "POST"), (p.Name, p.Value)));
    }

    [Fact]
    public void TryReadCanonical_EdcForms_LeaveTheFastPath()
    {
        var json = $$"""
            { "@type": "CatalogRequestMessage", "@context": {{EdcContexts}} }
            """;

        Assert.False(_serializer.TryReadCanonical<CatalogRequestMessage>(Encoding.UTF8.GetBytes(json), out _));
    }

    [Fact]
    public async Task ReadAsync_EdcContractAgreement_ReadsAgreementWithUuidIdAndTimestamp()
    {
        var agreementId = Guid.NewGuid().ToString();
        var json = $$"""
            {
              "@id": "{{Guid.NewGuid()}}",
              "@type": "ContractAgreementMessage",
              "providerPid": "{{Guid.NewGuid()}}",
              "consumerPid": "{{Guid.NewGuid()}}",
              "agreement": {
                "@id": "{{agreementId}}",
                "@type": "Agreement",
                "permission": [ { "action": "use" } ],
                "assignee": "consumer",
                "assigner": "provider",
                "target": "asset-1",
                "timestamp": "2026-12-07T02:55:00Z"
              },
              "@context": {{EdcContexts}}
            }
            """;

        var message = await _serializer.ReadAsync<ContractAgreementMessage>(Encoding.UTF8.GetBytes(json));

        Assert.Equal(agreementId, message.Agreement.Id);
        Assert.Equal("Agreement", message.Agreement.Type);
        Assert.Equal(("provider", "consumer", "asset-1"), (message.Agreement.Assigner, message.Agreement.Assignee, message.Agreement.Target));
        Assert.Equal("2026-12-07T02:55:00Z", message.Agreement.Timestamp);
    }

    [Fact]
    public async Task ReadAsync_TractusXTransferStartWithEdr_KeepsEndpointAndPropertyIris()
    {
        var json = $$"""
            {
              "@id": "{{Guid.NewGuid()}}",
              "@type": "TransferStartMessage",
              "providerPid": "{{Guid.NewGuid()}}",
              "consumerPid": "{{Guid.NewGuid()}}",
              "dataAddress": {
                "@type": "DataAddress",
                "endpointType": "https://w3id.org/idsa/v4.1/HTTP",
                "endpointProperties": [
                  { "@type": "EndpointProperty", "name": "https://w3id.org/edc/v0.0.1/ns/endpoint", "value": "http://127.0.0.1:9999/public" },
                  { "@type": "EndpointProperty", "name": "https://w3id.org/edc/v0.0.1/ns/authorization", "value": "eyJ.token" },
                  { "@type": "EndpointProperty", "name": "https://w3id.org/tractusx/auth/refreshToken", "value": "eyJ.refresh" }
                ],
                "endpoint": "http://127.0.0.1:9999/public"
              },
              "@context": {{TractusXContexts}}
            }
            """;

        var message = await _serializer.ReadAsync<TransferStartMessage>(Encoding.UTF8.GetBytes(json));

        Assert.Equal("http://127.0.0.1:9999/public", message.DataAddress!.Endpoint);
        Assert.Equal(
            ["https://w3id.org/edc/v0.0.1/ns/endpoint", "https://w3id.org/edc/v0.0.1/ns/authorization", "https://w3id.org/tractusx/auth/refreshToken"],
            message.DataAddress.EndpointProperties!.Select(p => p.Name));
    }

    [Fact]
    public async Task ReadAsync_EdcContractRequest_GivesTheRecordItsCanonicalFormReadsTo()
    {
        var json = $$"""
            {
              "@id": "{{Guid.NewGuid()}}",
              "@type": "ContractRequestMessage",
              "consumerPid": "{{Guid.NewGuid()}}",
              "callbackAddress": "http://127.0.0.1:8282/protocol/2025-1",
              "offer": { "@id": "offer-1", "@type": "Offer", "permission": [ { "action": "use" } ], "assigner": "provider", "target": "asset-1" },
              "@context": {{EdcContexts}}
            }
            """;

        var fromEdc = await _serializer.ReadAsync<ContractRequestMessage>(Encoding.UTF8.GetBytes(json));
        Assert.True(_serializer.TryReadCanonical<ContractRequestMessage>(_serializer.Write(fromEdc), out var fromCanonical));

        Assert.Equal(Encoding.UTF8.GetString(_serializer.Write(fromCanonical)), Encoding.UTF8.GetString(_serializer.Write(fromEdc)));
    }

    [Fact]
    public async Task ReadAsync_DspContextOnlyButLast_Reads()
    {
        var json = $$"""
            { "@type": "ContractRequestMessage", "consumerPid": "{{Guid.NewGuid()}}", "callbackAddress": "http://127.0.0.1:8282/protocol/2025-1",
              "offer": { "@id": "offer-1", "@type": "Offer", "permission": [ { "action": "use" } ], "target": "asset-1" },
              "@context": ["https://w3id.org/dspace/2025/1/context.jsonld"] }
            """;

        var message = await _serializer.ReadAsync<ContractRequestMessage>(Encoding.UTF8.GetBytes(json));

        Assert.Equal("offer-1", message.Offer.Id);
    }
}

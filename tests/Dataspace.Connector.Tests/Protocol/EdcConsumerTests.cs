using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Dataspace.Connector.Tests.Protocol;

/// <summary>
/// Our provider against a consumer that speaks as Eclipse EDC 0.13+ does: every message hand-built in EDC's form
/// (DSP and EDC contexts, @context last, plain UUID pids and message ids, no empty rule or constraint lists, a QuerySpec
/// as catalog filter, push destinations named in EDC's namespace), sent over HTTP; its callback endpoint is a loopback stub.
/// </summary>
public sealed class EdcConsumerTests
{
    private const string Contexts = """["https://w3id.org/dspace/2025/1/context.jsonld", "https://w3id.org/edc/dspace/v0.0.1"]""";

    [Fact]
    public async Task EdcConsumer_CatalogNegotiationAndPushTransfer_Succeed()
    {
        await using var pair = await ConnectorPair.StartAsync();
        var content = Encoding.UTF8.GetBytes("data for an EDC consumer");
        var offerId = await pair.PublishAsync("edc-asset", content, ConnectorPair.OpenPolicy(), ConnectorPair.OpenPolicy());
        await using var edc = await DspRecordingProxy.StartAsync();
        edc.Fake = (_, _, _) => (200, "");
        var callback = edc.Address + "/protocol/2025-1";

        // Catalog: EDC always sends its default QuerySpec.
        var (status, body) = await PostAsync(pair, "/catalog/request", $$"""
            {
              "@type": "CatalogRequestMessage",
              "filter": [ { "@type": "QuerySpec", "offset": 0, "limit": 50, "sortOrder": "ASC", "filterExpression": [] } ],
              "@context": {{Contexts}}
            }
            """);
        Assert.True(status == HttpStatusCode.OK, $"catalog: {(int)status} {body}");
        var dataset = Assert.Single(JsonNode.Parse(body)!["dataset"]!.AsArray())!;
        Assert.Equal("edc-asset", dataset["@id"]!.GetValue<string>());
        Assert.Equal(offerId, Assert.Single(dataset["hasPolicy"]!.AsArray())!["@id"]!.GetValue<string>());

        // Contract request: the catalog's offer with assigner and target added, no empty lists.
        var consumerPid = Guid.NewGuid().ToString();
        (status, body) = await PostAsync(pair, "/negotiations/request", $$"""
            {
              "@id": "{{Guid.NewGuid()}}",
              "@type": "ContractRequestMessage",
              "consumerPid": "{{consumerPid}}",
              "callbackAddress": "{{callback}}",
              "offer": {
                "@id": "{{offerId}}",
                "@type": "Offer",
                "permission": [ { "action": "use" } ],
                "assigner": "did:web:provider.example",
                "target": "edc-asset"
              },
              "@context": {{Contexts}}
            }
            """);
        Assert.True(status == HttpStatusCode.Created, $"contract request: {(int)status} {body}");
        var providerPid = JsonNode.Parse(body)!["providerPid"]!.GetValue<string>();

        var agreementMessage = JsonNode.Parse((await WaitForAsync(edc, $"/protocol/2025-1/negotiations/{consumerPid}/agreement")).RequestBody)!;
        var agreementId = agreementMessage["agreement"]!["@id"]!.GetValue<string>();
        (status, body) = await PostAsync(pair, $"/negotiations/{providerPid}/agreement/verification", $$"""
            {
              "@id": "{{Guid.NewGuid()}}",
              "@type": "ContractAgreementVerificationMessage",
              "consumerPid": "{{consumerPid}}",
              "providerPid": "{{providerPid}}",
              "@context": {{Contexts}}
            }
            """);
        Assert.True(status == HttpStatusCode.OK, $"verification: {(int)status} {body}");
        var finalized = JsonNode.Parse((await WaitForAsync(edc, $"/protocol/2025-1/negotiations/{consumerPid}/events")).RequestBody)!;
        Assert.Equal("FINALIZED", finalized["eventType"]!.GetValue<string>());

        // Transfer: a push to the consumer's endpoint, its properties named in EDC's namespace.
        var transferPid = Guid.NewGuid().ToString();
        (status, body) = await PostAsync(pair, "/transfers/request", $$"""
            {
              "@id": "{{Guid.NewGuid()}}",
              "@type": "TransferRequestMessage",
              "agreementId": "{{agreementId}}",
              "format": "HttpData-PUSH",
              "callbackAddress": "{{callback}}",
              "consumerPid": "{{transferPid}}",
              "dataAddress": {
                "@type": "DataAddress",
                "endpointType": "HttpData",
                "endpointProperties": [
                  { "@type": "EndpointProperty", "name": "https://w3id.org/edc/v0.0.1/ns/baseUrl", "value": "{{edc.Address}}/sink" },
                  { "@type": "EndpointProperty", "name": "https://w3id.org/edc/v0.0.1/ns/path", "value": "edc-asset" },
                  { "@type": "EndpointProperty", "name": "https://w3id.org/edc/v0.0.1/ns/method", "value": "PUT" }
                ]
              },
              "@context": {{Contexts}}
            }
            """);
        Assert.True(status == HttpStatusCode.Created, $"transfer request: {(int)status} {body}");

        var pushed = await WaitForAsync(edc, "/sink/edc-asset");
        Assert.Equal("PUT", pushed.Method);
        Assert.Equal("data for an EDC consumer", pushed.RequestBody);
        await WaitForAsync(edc, $"/protocol/2025-1/transfers/{transferPid}/completion");
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(ConnectorPair pair, string path, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, pair.ProviderDsp + path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "consumer-secret-token");
        using var response = await pair.Provider.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<RecordedExchange> WaitForAsync(DspRecordingProxy edc, string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (edc.Exchanges.FirstOrDefault(x => x.Path == path) is { } exchange)
            {
                return exchange;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"nothing arrived at {path}; got {string.Join(", ", edc.Exchanges.Select(x => x.Method + " " + x.Path))}");
    }
}

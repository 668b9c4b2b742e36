using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dataspace.Testing;
using Xunit.Abstractions;

namespace Dataspace.Connector.Tests.Protocol;

/// <summary>
/// Every DSP message our connectors send during catalog, negotiation and transfer flows, and every answer of our DSP
/// endpoints (acknowledgements and errors), is valid against the DSP 2025-1 JSON schemas.
/// </summary>
public sealed class DspSchemaTests(ITestOutputHelper output)
{
    [SharedTheory]
    [InlineData("contract-request-message_initial.json", true)]
    [InlineData("contract-request-message.json", true)]
    [InlineData("contract-negotiation-error.json", true)]
    [InlineData("transfer-start-message.json", true)]
    [InlineData("catalog.json", true)]
    public void Validator_SpecExamples_AreValid(string example, bool valid)
    {
        var file = Directory.EnumerateFiles(RepositoryPaths.SharedPath("dsp-2025-1"), example, SearchOption.AllDirectories).Single();

        Assert.Equal(valid, DspSchemaValidator.Instance.Validate(File.ReadAllText(file)).Count == 0);
    }

    [SharedFact]
    public void Validator_BrokenMessages_AreInvalid()
    {
        // Proves the validator catches what the tests rely on: a missing field, a wrong const, both of a oneOf, a wrong type in a $ref'd file.
        var request = JsonNode.Parse(File.ReadAllText(RepositoryPaths.SharedPath("dsp-2025-1", "negotiation", "example", "contract-request-message_initial.json")))!.AsObject();
        var missing = request.DeepClone().AsObject();
        missing.Remove("consumerPid");
        var both = request.DeepClone().AsObject();
        both["providerPid"] = "urn:uuid:p";
        var badOffer = request.DeepClone().AsObject();
        badOffer["offer"]!["permission"] = "use";
        var error = JsonNode.Parse(File.ReadAllText(RepositoryPaths.SharedPath("dsp-2025-1", "negotiation", "example", "contract-negotiation-error.json")))!.AsObject();
        error["@context"] = "https://example.com/other.jsonld";

        Assert.NotEmpty(DspSchemaValidator.Instance.Validate(missing.ToJsonString()));
        Assert.NotEmpty(DspSchemaValidator.Instance.Validate(both.ToJsonString()));
        Assert.NotEmpty(DspSchemaValidator.Instance.Validate(badOffer.ToJsonString()));
        Assert.NotEmpty(DspSchemaValidator.Instance.Validate(error.ToJsonString()));
    }

    [SharedFact]
    public async Task AllMessages_OfCatalogNegotiationAndTransferFlows_AreSchemaValid()
    {
        await using var pair = await RecordingPair.StartAsync();
        await pair.PublishAsync("open-data", ConnectorPair.OpenPolicy());
        await pair.PublishAsync("bank-data", ConnectorPair.ClaimPolicy("FinanceSubspaceCredential", "licence", "bank"));

        await pair.ConsumerAsync(HttpMethod.Post, "/catalog/request", new { counterPartyAddress = pair.ProviderDsp });
        var finalized = await pair.NegotiateAsync("open-data-offer", "FINALIZED");
        await pair.NegotiateAsync("bank-data-offer", "TERMINATED");
        await pair.TransferFlowsAsync(finalized["agreementId"]!.GetValue<string>());

        // The endpoints' own answers to a (partly hostile) peer, sent past the proxy so only the answers are checked.
        var answers = new List<(string What, string Body)>();
        using var dsp = new HttpClient { BaseAddress = new Uri(pair.ProviderDirectDsp + "/") };
        dsp.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "consumer-secret-token");
        using var anonymous = new HttpClient { BaseAddress = dsp.BaseAddress };
        foreach (var (what, send) in new (string, Func<Task<HttpResponseMessage>>)[]
        {
            ("dataset", () => dsp.GetAsync("catalog/datasets/open-data")),
            ("unknown dataset", () => dsp.GetAsync("catalog/datasets/no-such-dataset")),
            ("negotiation", () => dsp.GetAsync("negotiations/" + finalized["providerPid"]!.GetValue<string>())),
            ("unknown negotiation", () => dsp.GetAsync("negotiations/urn:uuid:unknown")),
            ("unknown transfer", () => dsp.GetAsync("transfers/urn:uuid:unknown")),
            ("malformed catalog request", () => dsp.PostAsync("catalog/request", new StringContent("{", Encoding.UTF8, "application/json"))),
            ("wrong type", () => dsp.PostAsync("negotiations/request", new StringContent("{\"@type\":\"Nope\"}", Encoding.UTF8, "application/json"))),
            ("array", () => dsp.PostAsync("transfers/request", new StringContent("[]", Encoding.UTF8, "application/json"))),
            ("no token", () => anonymous.PostAsync("catalog/request", new StringContent("{}", Encoding.UTF8, "application/json"))),
        })
        {
            using var response = await send();
            answers.Add(($"{what}: {(int)response.StatusCode}", await response.Content.ReadAsStringAsync()));
        }

        var seen = new SortedSet<string>(StringComparer.Ordinal);
        var violations = new List<string>();
        foreach (var x in pair.Exchanges)
        {
            Check($"{x.Method} {x.Path} request", x.RequestBody);
            if (!x.Faked)
            {
                Check($"{x.Method} {x.Path} answer {x.Status}", x.ResponseBody);
            }
        }

        foreach (var (what, body) in answers)
        {
            Check(what, body);
        }

        output.WriteLine("message types seen: " + string.Join(", ", seen));
        Assert.True(violations.Count == 0, string.Join("\n\n", violations));
        string[] expected =
        [
            "Catalog", "CatalogError", "CatalogRequestMessage", "Dataset",
            "ContractRequestMessage", "ContractNegotiation", "ContractAgreementMessage", "ContractAgreementVerificationMessage",
            "ContractNegotiationEventMessage", "ContractNegotiationTerminationMessage", "ContractNegotiationError",
            "TransferRequestMessage", "TransferProcess", "TransferStartMessage", "TransferSuspensionMessage", "TransferCompletionMessage",
            "TransferTerminationMessage", "TransferError",
        ];
        Assert.Empty(expected.Except(seen));

        void Check(string what, string body)
        {
            if (body.Length == 0)
            {
                return;
            }

            var type = JsonNode.Parse(body)?["@type"]?.GetValue<string>() ?? "(no @type)";
            seen.Add(type);
            var errors = DspSchemaValidator.Instance.Validate(body);
            if (errors.Count > 0)
            {
                violations.Add($"{what} ({type}): {string.Join("; ", errors)}\n{body}");
            }
        }
    }

    /// <summary>Two connectors whose DSP endpoints are only reached through recording proxies.</summary>
    private sealed class RecordingPair : IAsyncDisposable
    {
        private readonly TempDirectory _temp = new();
        private DspRecordingProxy _providerProxy = null!;
        private DspRecordingProxy _consumerProxy = null!;
        private TestConnector _provider = null!;
        private TestConnector _consumer = null!;
        private string _providerKey = "";
        private string _consumerKey = "";

        public string ProviderDsp => _providerProxy.Address + "/api/dsp";

        public string ProviderDirectDsp => _provider.BaseAddress + "/api/dsp";

        public IEnumerable<RecordedExchange> Exchanges => _providerProxy.Exchanges.Concat(_consumerProxy.Exchanges);

        public static async Task<RecordingPair> StartAsync()
        {
            var pair = new RecordingPair();
            pair._providerProxy = await DspRecordingProxy.StartAsync();
            pair._consumerProxy = await DspRecordingProxy.StartAsync();
            pair._provider = await TestConnector.StartAsync(pair._temp.Sub("provider"), settings: new Dictionary<string, string?>
            {
                ["Connector:ParticipantId"] = "did:web:provider.example",
                ["Connector:Dsp:StaticTokens:consumer-secret-token"] = "did:web:consumer.example",
                ["Connector:Dsp:OutboundToken"] = "provider-secret-token",
                ["Connector:Dsp:PublicUrl"] = pair._providerProxy.Address + "/api/dsp",
            });
            pair._consumer = await TestConnector.StartAsync(pair._temp.Sub("consumer"), settings: new Dictionary<string, string?>
            {
                ["Connector:ParticipantId"] = "did:web:consumer.example",
                ["Connector:Dsp:StaticTokens:provider-secret-token"] = "did:web:provider.example",
                ["Connector:Dsp:OutboundToken"] = "consumer-secret-token",
                ["Connector:Dsp:PublicUrl"] = pair._consumerProxy.Address + "/api/dsp",
            });
            pair._providerProxy.Target = pair._provider.BaseAddress;
            pair._consumerProxy.Target = pair._consumer.BaseAddress;
            pair._providerKey = pair._provider.ApiKey;
            pair._consumerKey = pair._consumer.ApiKey;
            return pair;
        }

        public async Task PublishAsync(string assetId, JsonObject contractPolicy)
        {
            var files = Path.Combine(_temp.Sub("provider"), "plugins", "dataspace.storage.filesystem", "files");
            Directory.CreateDirectory(files);
            await File.WriteAllBytesAsync(Path.Combine(files, assetId + ".bin"), RandomNumberGenerator.GetBytes(100));
            await ProviderAsync(HttpMethod.Post, "/assets", new { id = assetId, properties = new { title = assetId }, dataAddress = new { type = "FileSystem", properties = new { path = assetId + ".bin" } } });
            await ProviderAsync(HttpMethod.Post, "/policies", new { id = assetId + "-access", policy = ConnectorPair.OpenPolicy() });
            await ProviderAsync(HttpMethod.Post, "/policies", new { id = assetId + "-contract", policy = contractPolicy });
            await ProviderAsync(HttpMethod.Post, "/offers", new { id = assetId + "-offer", assetId, accessPolicyId = assetId + "-access", contractPolicyId = assetId + "-contract" });
        }

        public Task<JsonNode> ProviderAsync(HttpMethod method, string path, object? body = null) => ConnectorPair.SendAsync(_provider, _providerKey, method, path, body);

        public Task<JsonNode> ConsumerAsync(HttpMethod method, string path, object? body = null) => ConnectorPair.SendAsync(_consumer, _consumerKey, method, path, body);

        public async Task<JsonNode> NegotiateAsync(string offerId, string expectedState)
        {
            var started = await ConsumerAsync(HttpMethod.Post, "/negotiations", new { counterPartyAddress = ProviderDsp, offerId });
            var path = "/negotiations/" + started["id"]!.GetValue<string>();
            var done = await WaitAsync(() => ConsumerAsync(HttpMethod.Get, path), "FINALIZED", "TERMINATED");
            Assert.Equal(expectedState, done["state"]!.GetValue<string>());
            // The provider's last message has been acknowledged once its side is terminal too.
            await WaitAsync(() => ProviderAsync(HttpMethod.Get, "/negotiations/" + done["providerPid"]!.GetValue<string>()), expectedState);
            return done;
        }

        /// <summary>
        /// Transfers against a fake provider (the HTTP transport plugin is not needed): the consumer requests, is started,
        /// suspends, resumes and completes one transfer and terminates another; the fake acknowledges each message.
        /// </summary>
        public async Task TransferFlowsAsync(string agreementId)
        {
            const string FakeProviderPid = "urn:uuid:fake-provider-transfer";
            _providerProxy.Fake = (method, path, body) =>
            {
                if (!path.StartsWith("/api/dsp/transfers", StringComparison.Ordinal))
                {
                    return null;
                }

                if (path == "/api/dsp/transfers/request")
                {
                    var consumerPid = JsonNode.Parse(body)!["consumerPid"]!.GetValue<string>();
                    return (201, new JsonObject
                    {
                        ["@context"] = new JsonArray("https://w3id.org/dspace/2025/1/context.jsonld"),
                        ["@type"] = "TransferProcess",
                        ["providerPid"] = FakeProviderPid + ":" + consumerPid,
                        ["consumerPid"] = consumerPid,
                        ["state"] = "REQUESTED",
                    }.ToJsonString());
                }

                return (200, "");
            };

            var first = await StartTransferAsync(agreementId);
            await ConsumerAsync(HttpMethod.Post, first + "/suspend", new { reason = "pause" });
            await WaitForFakeAsync("/suspension");
            await ConsumerAsync(HttpMethod.Post, first + "/resume", new { });
            await WaitForFakeAsync("/start");
            await SendStartAsync(first);
            await ConsumerAsync(HttpMethod.Post, first + "/complete", new { });
            await WaitForFakeAsync("/completion");

            var second = await StartTransferAsync(agreementId);
            await ConsumerAsync(HttpMethod.Post, second + "/terminate", new { reason = "no longer needed" });
            await WaitForFakeAsync("/termination");
        }

        private async Task<string> StartTransferAsync(string agreementId)
        {
            var created = await ConsumerAsync(HttpMethod.Post, "/transfers", new { agreementId, transferType = "HttpData-PULL" });
            var path = "/transfers/" + created["id"]!.GetValue<string>();
            var requested = await WaitAsync(() => ConsumerAsync(HttpMethod.Get, path), "REQUESTED");
            for (var i = 0; i < 500 && requested["providerPid"] is null; i++)
            {
                await Task.Delay(20);
                requested = await ConsumerAsync(HttpMethod.Get, path);
            }

            await SendStartAsync(path);
            return path;
        }

        /// <summary>The fake provider starts (or resumes) the consumer's transfer with a pull address.</summary>
        private async Task SendStartAsync(string path)
        {
            var requested = await ConsumerAsync(HttpMethod.Get, path);
            var consumerPid = requested["consumerPid"]!.GetValue<string>();
            using var dsp = new HttpClient { BaseAddress = new Uri(_consumerProxy.Address) };
            dsp.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "provider-secret-token");
            var start = JsonNode.Parse(File.ReadAllText(RepositoryPaths.SharedPath("dsp-2025-1", "transfer", "example", "transfer-start-message.json")))!;
            start["providerPid"] = requested["providerPid"]!.GetValue<string>();
            start["consumerPid"] = consumerPid;
            using var answer = await dsp.PostAsync($"/api/dsp/transfers/{consumerPid}/start", new StringContent(start.ToJsonString(), Encoding.UTF8, "application/json"));
            Assert.True(answer.IsSuccessStatusCode, await answer.Content.ReadAsStringAsync());
            (await dsp.GetAsync("/api/dsp/transfers/" + consumerPid)).Dispose();
            await WaitAsync(() => ConsumerAsync(HttpMethod.Get, path), "STARTED");
        }

        private async Task WaitForFakeAsync(string suffix)
        {
            for (var i = 0; i < 1000; i++)
            {
                // Each kind of message is sent once in these flows.
                if (_providerProxy.Exchanges.Any(x => x.Faked && x.Path.EndsWith(suffix, StringComparison.Ordinal)))
                {
                    return;
                }

                await Task.Delay(20);
            }

            throw new TimeoutException($"the consumer sent no transfer message to .../{suffix} within 20 s");
        }

        private static async Task<JsonNode> WaitAsync(Func<Task<JsonNode>> get, params string[] states)
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            JsonNode last;
            do
            {
                last = await get();
                if (states.Contains(last["state"]!.GetValue<string>()))
                {
                    return last;
                }

                await Task.Delay(20);
            }
            while (DateTime.UtcNow < deadline);
            throw new TimeoutException($"not {string.Join("/", states)} within 20 s; last: {last.ToJsonString()}");
        }

        public async ValueTask DisposeAsync()
        {
            await _consumer.DisposeAsync();
            await _provider.DisposeAsync();
            await _consumerProxy.DisposeAsync();
            await _providerProxy.DisposeAsync();
            _temp.Dispose();
        }
    }
}

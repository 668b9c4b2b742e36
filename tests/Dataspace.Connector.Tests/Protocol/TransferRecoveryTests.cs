using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Dataspace.Connector.Tests.Protocol;

/// <summary>
/// What the transfer state machine must not lose to a restart or to a message it gives up on: a resumption the
/// consumer asked for, a push delivery under way, and the peer's knowledge that the transfer ended.
/// </summary>
public sealed class TransferRecoveryTests
{
    private const string ProviderToken = "provider-secret-token";
    private const string ConsumerToken = "consumer-secret-token";

    [Fact]
    public async Task ConsumerStartMessage_ForASuspendedTransfer_IsStartedBeforeTheProviderAnswers()
    {
        await using var pair = await ConnectorPair.StartAsync();
        var offerId = await pair.PublishAsync("data", [1, 2, 3], ConnectorPair.OpenPolicy(), ConnectorPair.OpenPolicy());
        var agreementId = await NegotiateAsync(pair, offerId);
        var transfer = await pair.ConsumerPostAsync("/transfers", new { agreementId, transferType = "HttpData-PULL" });
        var id = transfer["id"]!.GetValue<string>();
        var started = await pair.WaitForStateAsync(pair.Consumer, pair.ConsumerKey, "/transfers/" + id, "STARTED");
        var providerPid = started["providerPid"]!.GetValue<string>();
        await pair.ProviderPostAsync($"/transfers/{providerPid}/suspend", new { reason = "maintenance" });
        await pair.WaitForStateAsync(pair.Consumer, pair.ConsumerKey, "/transfers/" + id, "SUSPENDED");

        // The consumer's resumption as its outbox sends it: once answered, it is never sent again, so the answer
        // must come after the start is stored (work queued in memory would be lost to a restart right after it).
        var start = new JsonObject { ["@context"] = new JsonArray(DspBadInputTests.Context), ["@type"] = "TransferStartMessage", ["providerPid"] = providerPid, ["consumerPid"] = id };
        var (status, body) = await PostDspAsync(pair.Provider, $"/transfers/{Uri.EscapeDataString(providerPid)}/start", start, ConsumerToken);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("STARTED", JsonNode.Parse(body)!["state"]!.GetValue<string>());
        Assert.Equal("STARTED", (await pair.ProviderGetAsync("/transfers/" + providerPid))["state"]!.GetValue<string>());
        await pair.WaitForStateAsync(pair.Consumer, pair.ConsumerKey, "/transfers/" + id, "STARTED");
    }

    [Fact]
    public async Task ProviderResume_ByItsOperator_IsStartedWhenTheCallReturns()
    {
        await using var pair = await ConnectorPair.StartAsync();
        var offerId = await pair.PublishAsync("data", [1, 2, 3], ConnectorPair.OpenPolicy(), ConnectorPair.OpenPolicy());
        var agreementId = await NegotiateAsync(pair, offerId);
        var transfer = await pair.ConsumerPostAsync("/transfers", new { agreementId, transferType = "HttpData-PULL" });
        var id = transfer["id"]!.GetValue<string>();
        var providerPid = (await pair.WaitForStateAsync(pair.Consumer, pair.ConsumerKey, "/transfers/" + id, "STARTED"))["providerPid"]!.GetValue<string>();
        await pair.ProviderPostAsync($"/transfers/{providerPid}/suspend", new { reason = "maintenance" });

        var resumed = await pair.ProviderPostAsync($"/transfers/{providerPid}/resume", new { });

        Assert.Equal("STARTED", resumed["state"]!.GetValue<string>());
        await pair.WaitForStateAsync(pair.Consumer, pair.ConsumerKey, "/transfers/" + id, "STARTED");
    }

    [Fact]
    public async Task StartedPush_InterruptedByARestart_IsDeliveredAgainAndCompletes()
    {
        using var temp = new TempDirectory();
        using var destination = new HoldingSink();
        var providerPort = LoopbackPorts.Next();
        var provider = await StartProviderAsync(temp, providerPort);
        await using var consumer = await TestConnector.StartAsync(temp.Sub("consumer"), settings: ConsumerSettings());
        var consumerKey = consumer.ApiKey;
        var providerKey = provider.ApiKey;
        var agreementId = await PublishAndNegotiateAsync(provider, providerKey, consumer, consumerKey, temp);
        var transfer = await ConnectorPair.SendAsync(consumer, consumerKey, HttpMethod.Post, "/transfers",
            new { agreementId, transferType = "HttpData-PUSH", destination = new { endpoint = destination.Url } });
        var id = transfer["id"]!.GetValue<string>();
        await destination.FirstArrived.WaitAsync(TimeSpan.FromSeconds(20));
        var providerPid = (await ConnectorPair.SendAsync(provider, providerKey, HttpMethod.Get, "/transfers", null))["items"]![0]!["id"]!.GetValue<string>();
        await WaitAsync(provider, providerKey, "/transfers/" + providerPid, "STARTED");

        // The provider stops while its push hangs: the push is cancelled and nothing reports its outcome.
        await provider.DisposeAsync();
        destination.Release();
        await using var restarted = await StartProviderAsync(temp, providerPort);

        var completed = await WaitAsync(consumer, consumerKey, "/transfers/" + id, "COMPLETED", "TERMINATED");
        Assert.Equal("COMPLETED", completed["state"]!.GetValue<string>());
        Assert.Equal("COMPLETED", (await WaitAsync(restarted, providerKey, "/transfers/" + providerPid, "COMPLETED", "TERMINATED"))["state"]!.GetValue<string>());
        Assert.Contains(destination.Received, body => body.SequenceEqual(new byte[] { 1, 2, 3 }));
    }

    [Fact]
    public async Task MessageGivenUp_TerminatesAndTellsThePeer_SoBothSidesEndTerminated()
    {
        using var temp = new TempDirectory();
        await using var consumerProxy = await DspRecordingProxy.StartAsync();
        await using var provider = await StartProviderAsync(temp, 0);
        var consumerSettings = ConsumerSettings();
        consumerSettings["Connector:Dsp:PublicUrl"] = consumerProxy.Address + "/api/dsp";
        await using var consumer = await TestConnector.StartAsync(temp.Sub("consumer"), settings: consumerSettings);
        consumerProxy.Target = consumer.BaseAddress;
        var consumerKey = consumer.ApiKey;
        var providerKey = provider.ApiKey;
        var agreementId = await PublishAndNegotiateAsync(provider, providerKey, consumer, consumerKey, temp);
        var transfer = await ConnectorPair.SendAsync(consumer, consumerKey, HttpMethod.Post, "/transfers", new { agreementId, transferType = "HttpData-PULL" });
        var id = transfer["id"]!.GetValue<string>();
        var providerPid = (await WaitAsync(consumer, consumerKey, "/transfers/" + id, "STARTED"))["providerPid"]!.GetValue<string>();

        // The consumer refuses the provider's suspension for good (as a peer with a bug would): the provider gives up.
        consumerProxy.Fake = (_, path, _) => path.EndsWith("/suspension", StringComparison.Ordinal)
            ? (400, """{"@context":["https://w3id.org/dspace/2025/1/context.jsonld"],"@type":"TransferError","code":"refused","reason":["not now"]}""")
            : null;
        await ConnectorPair.SendAsync(provider, providerKey, HttpMethod.Post, $"/transfers/{providerPid}/suspend", new { reason = "maintenance" });

        var providerSide = await WaitAsync(provider, providerKey, "/transfers/" + providerPid, "TERMINATED");
        var consumerSide = await WaitAsync(consumer, consumerKey, "/transfers/" + id, "TERMINATED", "COMPLETED");
        Assert.Equal("TERMINATED", consumerSide["state"]!.GetValue<string>());
        Assert.Contains("could not be delivered", providerSide["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("could not be delivered", consumerSide["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PeersCompletion_WhileOurTerminationIsUndelivered_CompletesBothSides()
    {
        using var temp = new TempDirectory();
        await using var providerProxy = await DspRecordingProxy.StartAsync();
        await using var provider = await StartProviderAsync(temp, 0);
        providerProxy.Target = provider.BaseAddress;
        await using var consumer = await TestConnector.StartAsync(temp.Sub("consumer"), settings: ConsumerSettings());
        var consumerKey = consumer.ApiKey;
        var providerKey = provider.ApiKey;
        var agreementId = await PublishAndNegotiateAsync(provider, providerKey, consumer, consumerKey, temp, providerProxy.Address + "/api/dsp");
        var transfer = await ConnectorPair.SendAsync(consumer, consumerKey, HttpMethod.Post, "/transfers", new { agreementId, transferType = "HttpData-PULL" });
        var id = transfer["id"]!.GetValue<string>();
        var providerPid = (await WaitAsync(consumer, consumerKey, "/transfers/" + id, "STARTED"))["providerPid"]!.GetValue<string>();

        // Our termination cannot get through for now (retried), while the provider completes the transfer.
        providerProxy.Fake = (_, path, _) => path.EndsWith("/termination", StringComparison.Ordinal) ? (503, "") : null;
        await ConnectorPair.SendAsync(consumer, consumerKey, HttpMethod.Post, $"/transfers/{id}/terminate", new { reason = "no longer needed" });
        await ConnectorPair.SendAsync(provider, providerKey, HttpMethod.Post, $"/transfers/{providerPid}/complete", new { });

        var consumerSide = await WaitAsync(consumer, consumerKey, "/transfers/" + id, "COMPLETED");
        Assert.Contains("before our termination reached it", consumerSide["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("COMPLETED", (await ConnectorPair.SendAsync(provider, providerKey, HttpMethod.Get, "/transfers/" + providerPid, null))["state"]!.GetValue<string>());
        Assert.Equal(0L, await PendingMessagesAsync(temp.Sub("consumer"), id)); // the termination was withdrawn
    }

    [Fact]
    public async Task OurTermination_RefusedBecauseThePeerCompletedFirst_CompletesOurSideToo()
    {
        using var temp = new TempDirectory();
        await using var consumerProxy = await DspRecordingProxy.StartAsync();
        await using var provider = await StartProviderAsync(temp, 0);
        var consumerSettings = ConsumerSettings();
        consumerSettings["Connector:Dsp:PublicUrl"] = consumerProxy.Address + "/api/dsp";
        await using var consumer = await TestConnector.StartAsync(temp.Sub("consumer"), settings: consumerSettings);
        consumerProxy.Target = consumer.BaseAddress;
        var consumerKey = consumer.ApiKey;
        var providerKey = provider.ApiKey;
        var agreementId = await PublishAndNegotiateAsync(provider, providerKey, consumer, consumerKey, temp);
        var transfer = await ConnectorPair.SendAsync(consumer, consumerKey, HttpMethod.Post, "/transfers", new { agreementId, transferType = "HttpData-PULL" });
        var id = transfer["id"]!.GetValue<string>();
        var providerPid = (await WaitAsync(consumer, consumerKey, "/transfers/" + id, "STARTED"))["providerPid"]!.GetValue<string>();

        // The provider completes, but its completion is held up on the way; meanwhile we terminate.
        consumerProxy.Fake = (_, path, _) => path.EndsWith("/completion", StringComparison.Ordinal) ? (503, "") : null;
        await ConnectorPair.SendAsync(provider, providerKey, HttpMethod.Post, $"/transfers/{providerPid}/complete", new { });
        await ConnectorPair.SendAsync(consumer, consumerKey, HttpMethod.Post, $"/transfers/{id}/terminate", new { reason = "no longer needed" });

        var consumerSide = await WaitAsync(consumer, consumerKey, "/transfers/" + id, "COMPLETED");
        Assert.Contains("before our termination reached it", consumerSide["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("COMPLETED", (await ConnectorPair.SendAsync(provider, providerKey, HttpMethod.Get, "/transfers/" + providerPid, null))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task StartMessage_WhileOurSuspensionIsUndelivered_IsAnsweredAsTransientAndDoesNotResume()
    {
        using var temp = new TempDirectory();
        await using var providerProxy = await DspRecordingProxy.StartAsync();
        await using var provider = await StartProviderAsync(temp, 0);
        providerProxy.Target = provider.BaseAddress;
        await using var consumer = await TestConnector.StartAsync(temp.Sub("consumer"), settings: ConsumerSettings());
        var consumerKey = consumer.ApiKey;
        var providerKey = provider.ApiKey;
        var agreementId = await PublishAndNegotiateAsync(provider, providerKey, consumer, consumerKey, temp, providerProxy.Address + "/api/dsp");
        var transfer = await ConnectorPair.SendAsync(consumer, consumerKey, HttpMethod.Post, "/transfers", new { agreementId, transferType = "HttpData-PULL" });
        var id = transfer["id"]!.GetValue<string>();
        var started = await WaitAsync(consumer, consumerKey, "/transfers/" + id, "STARTED");
        var providerPid = started["providerPid"]!.GetValue<string>();
        providerProxy.Fake = (_, path, _) => path.EndsWith("/suspension", StringComparison.Ordinal) ? (503, "") : null;
        await ConnectorPair.SendAsync(consumer, consumerKey, HttpMethod.Post, $"/transfers/{id}/suspend", new { reason = "pause" });

        // The provider's start sent again (say, after its restart) before it has our suspension.
        var start = new JsonObject
        {
            ["@context"] = new JsonArray(DspBadInputTests.Context), ["@type"] = "TransferStartMessage", ["providerPid"] = providerPid, ["consumerPid"] = id,
            ["dataAddress"] = new JsonObject { ["@type"] = "DataAddress", ["endpointType"] = "https://w3id.org/idsa/v4.1/HTTP", ["endpoint"] = "http://127.0.0.1:9/data" },
        };
        var (status, body) = await PostDspAsync(consumer, $"/transfers/{Uri.EscapeDataString(id)}/start", start, ProviderToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("suspension-in-flight", body, StringComparison.Ordinal);
        Assert.Equal("SUSPENDED", (await ConnectorPair.SendAsync(consumer, consumerKey, HttpMethod.Get, "/transfers/" + id, null))["state"]!.GetValue<string>());
        providerProxy.Fake = null;
        await WaitAsync(provider, providerKey, "/transfers/" + providerPid, "SUSPENDED");
    }

    [Fact]
    public async Task StartMessage_SentBeforeOurDeliveredSuspension_ArrivingLate_DoesNotResume()
    {
        using var temp = new TempDirectory();
        await using var provider = await StartProviderAsync(temp, 0);
        await using var consumer = await TestConnector.StartAsync(temp.Sub("consumer"), settings: ConsumerSettings());
        var consumerKey = consumer.ApiKey;
        var providerKey = provider.ApiKey;
        var agreementId = await PublishAndNegotiateAsync(provider, providerKey, consumer, consumerKey, temp);
        var transfer = await ConnectorPair.SendAsync(consumer, consumerKey, HttpMethod.Post, "/transfers", new { agreementId, transferType = "HttpData-PULL" });
        var id = transfer["id"]!.GetValue<string>();
        var started = await WaitAsync(consumer, consumerKey, "/transfers/" + id, "STARTED");
        var providerPid = started["providerPid"]!.GetValue<string>();
        await ConnectorPair.SendAsync(consumer, consumerKey, HttpMethod.Post, $"/transfers/{id}/suspend", new { reason = "pause" });
        await WaitAsync(provider, providerKey, "/transfers/" + providerPid, "SUSPENDED");

        // The provider's first start, held up on the way (or resent after its restart), arrives after our suspension
        // was delivered and the provider SUSPENDED; answered "in flight" until our outbox has settled the suspension.
        var start = new JsonObject
        {
            ["@context"] = new JsonArray(DspBadInputTests.Context), ["@type"] = "TransferStartMessage", ["providerPid"] = providerPid, ["consumerPid"] = id,
            ["dataAddress"] = new JsonObject { ["@type"] = "DataAddress", ["endpointType"] = "https://w3id.org/idsa/v4.1/HTTP", ["endpoint"] = "http://127.0.0.1:9/data" },
        };
        var (status, body) = (HttpStatusCode.ServiceUnavailable, "");
        for (var attempt = 0; status == HttpStatusCode.ServiceUnavailable && attempt < 100; attempt++)
        {
            (status, body) = await PostDspAsync(consumer, $"/transfers/{Uri.EscapeDataString(id)}/start", start, ProviderToken);
            if (status == HttpStatusCode.ServiceUnavailable) await Task.Delay(100);
        }

        Assert.True(status == HttpStatusCode.OK, $"{(int)status} {body}");
        Assert.Equal("SUSPENDED", JsonNode.Parse(body)!["state"]!.GetValue<string>());
        Assert.Equal("SUSPENDED", (await ConnectorPair.SendAsync(consumer, consumerKey, HttpMethod.Get, "/transfers/" + id, null))["state"]!.GetValue<string>());

        // A real resumption still resumes both sides.
        await ConnectorPair.SendAsync(provider, providerKey, HttpMethod.Post, $"/transfers/{providerPid}/resume", new { });
        await WaitAsync(consumer, consumerKey, "/transfers/" + id, "STARTED");
    }

    private static async Task<string> NegotiateAsync(ConnectorPair pair, string offerId)
    {
        var negotiation = await pair.ConsumerPostAsync("/negotiations", new { counterPartyAddress = pair.ProviderDsp, offerId });
        var finalized = await pair.WaitForStateAsync(pair.Consumer, pair.ConsumerKey, "/negotiations/" + negotiation["id"]!.GetValue<string>(), "FINALIZED");
        return finalized["agreementId"]!.GetValue<string>();
    }

    private static async Task<string> PublishAndNegotiateAsync(TestConnector provider, string providerKey, TestConnector consumer, string consumerKey, TempDirectory temp, string? providerDsp = null)
    {
        var files = Path.Combine(temp.Sub("provider"), "plugins", "dataspace.storage.filesystem", "files");
        Directory.CreateDirectory(files);
        await File.WriteAllBytesAsync(Path.Combine(files, "data.bin"), [1, 2, 3]);
        await ConnectorPair.SendAsync(provider, providerKey, HttpMethod.Post, "/assets", new { id = "data", properties = new { title = "data" }, dataAddress = new { type = "FileSystem", properties = new { path = "data.bin" } } });
        await ConnectorPair.SendAsync(provider, providerKey, HttpMethod.Post, "/policies", new { id = "open", policy = ConnectorPair.OpenPolicy() });
        await ConnectorPair.SendAsync(provider, providerKey, HttpMethod.Post, "/offers", new { id = "data-offer", assetId = "data", accessPolicyId = "open", contractPolicyId = "open" });
        var negotiation = await ConnectorPair.SendAsync(consumer, consumerKey, HttpMethod.Post, "/negotiations", new { counterPartyAddress = providerDsp ?? provider.BaseAddress + "/api/dsp", offerId = "data-offer" });
        var finalized = await WaitAsync(consumer, consumerKey, "/negotiations/" + negotiation["id"]!.GetValue<string>(), "FINALIZED");
        return finalized["agreementId"]!.GetValue<string>();
    }

    private static Task<TestConnector> StartProviderAsync(TempDirectory temp, int port) =>
        TestConnector.StartAsync(temp.Sub("provider"), settings: new Dictionary<string, string?>
        {
            ["Connector:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Connector:ParticipantId"] = "did:web:provider.example",
            ["Connector:Dsp:StaticTokens:" + ConsumerToken] = "did:web:consumer.example",
            ["Connector:Dsp:OutboundToken"] = ProviderToken,
            ["Connector:Dsp:MaxDeliveryAttempts"] = "3",
        });

    private static Dictionary<string, string?> ConsumerSettings() => new()
    {
        ["Connector:ParticipantId"] = "did:web:consumer.example",
        ["Connector:Dsp:StaticTokens:" + ProviderToken] = "did:web:provider.example",
        ["Connector:Dsp:OutboundToken"] = ConsumerToken,
    };

    private static async Task<JsonNode> WaitAsync(TestConnector connector, string key, string path, params string[] states)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonNode? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await ConnectorPair.SendAsync(connector, key, HttpMethod.Get, path, null);
            if (states.Contains(last["state"]!.GetValue<string>()))
            {
                return last;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"{path} did not reach {string.Join("/", states)}; last: {last?.ToJsonString()}");
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostDspAsync(TestConnector connector, string path, JsonObject message, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, connector.BaseAddress + "/api/dsp" + path)
        {
            Content = new StringContent(message.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await connector.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<long> PendingMessagesAsync(string dataDirectory, string processId)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dataDirectory, "connector.db")};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM outbox WHERE process_id = $p";
        command.Parameters.AddWithValue("$p", processId);
        return (long)(await command.ExecuteScalarAsync())!;
    }


    /// <summary>A push destination that leaves its first delivery hanging until released, then takes every delivery.</summary>
    private sealed class HoldingSink : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public HoldingSink()
        {
            var port = LoopbackPorts.Next();
            Url = $"http://127.0.0.1:{port}/push";
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            _ = Task.Run(AcceptAsync);
        }

        public string Url { get; }

        public Task FirstArrived => _first.Task;

        public ConcurrentBag<byte[]> Received { get; } = [];

        public void Release() => _released.TrySetResult();

        public void Dispose()
        {
            Release();
            _listener.Close();
        }

        private async Task AcceptAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                _ = Task.Run(async () =>
                {
                    try
                    {
                        if (_first.TrySetResult())
                        {
                            await _released.Task; // the first delivery never gets its answer
                            context.Response.Abort();
                            return;
                        }

                        using var body = new MemoryStream();
                        await context.Request.InputStream.CopyToAsync(body);
                        Received.Add(body.ToArray());
                        context.Response.StatusCode = 200;
                        context.Response.Close();
                    }
                    catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
                    {
                    }
                });
            }
        }
    }
}

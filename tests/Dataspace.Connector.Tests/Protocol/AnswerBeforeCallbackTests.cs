using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Dataspace.Connector.Tests.Protocol;

/// <summary>
/// DSP moves a process "upon receipt and acknowledgement": no callback about a process may reach the peer before our
/// answer to the peer's request that caused it. A peer written here (raw sockets for its requests, a small Kestrel for
/// its callbacks) runs many negotiations and transfers at once and records every callback that arrives while the answer
/// to its own request about that process has not reached its socket yet. The connectors' DSP answers are held back
/// briefly before they start, as a loaded host or a slow network would, so that the window a wrong order needs is wide.
/// </summary>
public sealed class AnswerBeforeCallbackTests
{
    private const string PeerToken = "peer-secret-token";
    private const int Flows = 20;

    [Fact]
    public async Task ConcurrentFlows_NoCallbackArrivesBeforeTheAnswerToTheRequestThatCausedIt()
    {
        await using var pair = await ConnectorPair.StartAsync(new Dictionary<string, string?> { ["Connector:Dsp:StaticTokens:" + PeerToken] = "did:web:peer.example" }, configure: SlowDspAnswers);
        var offerId = await pair.PublishAsync("data", [1, 2, 3], ConnectorPair.OpenPolicy(), ConnectorPair.OpenPolicy());
        // The peer is a consumer of our provider, and (with the provider's token our consumer trusts) a provider of our consumer.
        await using var asConsumer = await RecordingPeer.StartAsync(new Uri(pair.Provider.BaseAddress), PeerToken);
        await using var asProvider = await RecordingPeer.StartAsync(new Uri(pair.Consumer.BaseAddress), "provider-secret-token");

        await Task.WhenAll(Enumerable.Range(0, Flows).SelectMany(_ => new[]
        {
            Task.Run(() => RunConsumerFlowAsync(asConsumer, offerId)),
            Task.Run(() => RunProviderFlowAsync(asProvider, pair)),
        }));

        var violations = asConsumer.Violations.Concat(asProvider.Violations).ToList();
        Assert.True(violations.Count == 0, $"{violations.Count} callback(s) arrived before the answer to the request that caused them:\n{string.Join("\n", violations.Take(10))}");
    }

    private static void SlowDspAnswers(WebApplication app) => app.Use(async (context, next) =>
    {
        if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.StartsWithSegments("/api/dsp"))
        {
            context.Response.OnStarting(() => Task.Delay(100));
        }

        await next(context);
    });

    /// <summary>The peer offers our consumer a contract, our operator accepts, the peer agrees: our verification must follow our answer to the agreement.</summary>
    private static async Task RunProviderFlowAsync(RecordingPeer peer, ConnectorPair pair)
    {
        var providerPid = "urn:uuid:" + Guid.NewGuid();
        var rules = new JsonArray(new JsonObject { ["action"] = "use" });
        var (status, body) = await peer.PostAsync(providerPid, "/api/dsp/negotiations/offers", new JsonObject
        {
            ["@context"] = new JsonArray(DspBadInputTests.Context),
            ["@type"] = "ContractOfferMessage",
            ["providerPid"] = providerPid,
            ["callbackAddress"] = peer.CallbackAddress,
            ["offer"] = new JsonObject { ["@id"] = "urn:uuid:offer-" + providerPid, ["target"] = "data", ["assigner"] = "did:web:provider.example", ["permission"] = rules.DeepClone() },
        });
        Assert.True(status == 201, $"initial offer: {status} {body}");
        var consumerPid = JsonNode.Parse(body)!["consumerPid"]!.GetValue<string>();

        await pair.ConsumerPostAsync($"/negotiations/{Uri.EscapeDataString(consumerPid)}/accept", new { });
        await peer.CallbackAsync(providerPid, "ContractNegotiationEventMessage");
        (status, body) = await peer.PostAsync(providerPid, $"/api/dsp/negotiations/{Uri.EscapeDataString(consumerPid)}/agreement", new JsonObject
        {
            ["@context"] = new JsonArray(DspBadInputTests.Context),
            ["@type"] = "ContractAgreementMessage",
            ["providerPid"] = providerPid,
            ["consumerPid"] = consumerPid,
            ["agreement"] = new JsonObject
            {
                ["@id"] = "urn:uuid:agreement-" + providerPid,
                ["@type"] = "Agreement",
                ["target"] = "data",
                ["assigner"] = "did:web:provider.example",
                ["assignee"] = "did:web:consumer.example",
                ["timestamp"] = "2026-01-01T00:00:00Z",
                ["permission"] = rules.DeepClone(),
            },
        });
        Assert.True(status == 200, $"agreement: {status} {body}");
        await peer.CallbackAsync(providerPid, "ContractAgreementVerificationMessage");
    }

    /// <summary>The peer negotiates with our provider and starts a transfer: agreement, FINALIZED and TransferStartMessage must follow our answers.</summary>
    private static async Task RunConsumerFlowAsync(RecordingPeer peer, string offerId)
    {
        var negotiationPid = "urn:uuid:" + Guid.NewGuid();
        var (status, body) = await peer.PostAsync(negotiationPid, "/api/dsp/negotiations/request", new JsonObject
        {
            ["@context"] = new JsonArray(DspBadInputTests.Context),
            ["@type"] = "ContractRequestMessage",
            ["consumerPid"] = negotiationPid,
            ["callbackAddress"] = peer.CallbackAddress,
            ["offer"] = new JsonObject { ["@id"] = offerId, ["target"] = "data", ["permission"] = new JsonArray(new JsonObject { ["action"] = "use" }) },
        });
        Assert.True(status == 201, $"negotiation request: {status} {body}");

        var agreement = await peer.CallbackAsync(negotiationPid, "ContractAgreementMessage");
        var providerPid = agreement["providerPid"]!.GetValue<string>();
        (status, body) = await peer.PostAsync(negotiationPid, $"/api/dsp/negotiations/{Uri.EscapeDataString(providerPid)}/agreement/verification", new JsonObject
        {
            ["@context"] = new JsonArray(DspBadInputTests.Context),
            ["@type"] = "ContractAgreementVerificationMessage",
            ["providerPid"] = providerPid,
            ["consumerPid"] = negotiationPid,
        });
        Assert.True(status == 200, $"verification: {status} {body}");
        await peer.CallbackAsync(negotiationPid, "ContractNegotiationEventMessage");

        var transferPid = "urn:uuid:" + Guid.NewGuid();
        (status, body) = await peer.PostAsync(transferPid, "/api/dsp/transfers/request", new JsonObject
        {
            ["@context"] = new JsonArray(DspBadInputTests.Context),
            ["@type"] = "TransferRequestMessage",
            ["consumerPid"] = transferPid,
            ["agreementId"] = agreement["agreement"]!["@id"]!.GetValue<string>(),
            ["format"] = "HttpData-PULL",
            ["callbackAddress"] = peer.CallbackAddress,
        });
        Assert.True(status == 201, $"transfer request: {status} {body}");
        await peer.CallbackAsync(transferPid, "TransferStartMessage");
    }

    /// <summary>A DSP consumer whose requests go over raw sockets, so it can tell exactly whether an answer has arrived.</summary>
    private sealed class RecordingPeer : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly Uri _provider;
        private readonly string _token;
        private readonly string _ownPid;
        private readonly ConcurrentDictionary<string, OpenRequest> _open = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<(string Pid, string Type), TaskCompletionSource<JsonNode>> _callbacks = new();

        private RecordingPeer(WebApplication app, Uri provider, string token, string callbackAddress)
        {
            _token = token;
            // Our process id is the consumerPid when the peer is a consumer, the providerPid when it is a provider.
            _ownPid = token == PeerToken ? "consumerPid" : "providerPid";
            _app = app;
            _provider = provider;
            CallbackAddress = callbackAddress;
        }

        public string CallbackAddress { get; }

        public ConcurrentQueue<string> Violations { get; } = new();

        public static async Task<RecordingPeer> StartAsync(Uri provider, string token)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            RecordingPeer? peer = null;
            app.MapPost("/cb/{**rest}", async (HttpContext http) =>
            {
                var message = (await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted))!;
                peer!.Record(message);
                return Results.Ok();
            });
            await app.StartAsync();
            var address = app.Urls.First();
            peer = new RecordingPeer(app, provider, token, address + "/cb");
            return peer;
        }

        /// <summary>Waits for the provider's callback of <paramref name="type"/> about our process <paramref name="pid"/>.</summary>
        public Task<JsonNode> CallbackAsync(string pid, string type) =>
            _callbacks.GetOrAdd((pid, type), _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task.WaitAsync(TimeSpan.FromSeconds(60));

        /// <summary>POSTs a DSP message about our process <paramref name="pid"/>; while it waits for the answer, that process's request is open.</summary>
        public async Task<(int Status, string Body)> PostAsync(string pid, string path, JsonObject message)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(IPAddress.Loopback, _provider.Port);
            var open = new OpenRequest(socket);
            _open[pid] = open;
            try
            {
                var body = Encoding.UTF8.GetBytes(message.ToJsonString());
                var head = $"POST {path} HTTP/1.1\r\nHost: {_provider.Authority}\r\nAuthorization: Bearer {_token}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
                await socket.SendAsync(Encoding.ASCII.GetBytes(head).Concat(body).ToArray());

                // A zero-byte read waits until the answer's first bytes are in our socket without taking them, so at every
                // moment either they are still there (Available > 0) or Arrived is already set.
                await socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None);
                open.Arrived = true;
                using var answer = new MemoryStream();
                var buffer = new byte[8192];
                int read;
                while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None)) > 0)
                {
                    answer.Write(buffer, 0, read);
                }

                var text = Encoding.UTF8.GetString(answer.ToArray());
                var status = int.Parse(text.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
                var start = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                return (status, start < 0 ? "" : text[(start + 4)..]);
            }
            finally
            {
                _open.TryRemove(pid, out _);
            }
        }

        private void Record(JsonNode message)
        {
            var type = message["@type"]?.GetValue<string>() ?? "";
            var pid = message[_ownPid]?.GetValue<string>() ?? "";
            if (_open.TryGetValue(pid, out var open) && open.StillWaiting())
            {
                Violations.Enqueue($"{type} for {pid} arrived while our request about it had no answer yet");
            }

            _callbacks.GetOrAdd((pid, type), _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(message);
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        private sealed class OpenRequest(Socket socket)
        {
            private volatile bool _arrived;

            public Socket Socket { get; } = socket;

            /// <summary>True when the answer has neither been seen nor is waiting in the socket (Arrived read again after the socket, which may have just been drained).</summary>
            public bool StillWaiting()
            {
                try
                {
                    return !_arrived && Socket.Available == 0 && !_arrived;
                }
                catch (ObjectDisposedException)
                {
                    return false; // the request finished meanwhile
                }
            }

            public bool Arrived
            {
                get => _arrived;
                set => _arrived = value;
            }
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Dataspace.Connector.Compute;
using Dataspace.Connector.Tests.Protocol;
using Dataspace.Identity.Jose;
using Dataspace.Sdk.Compute;
using Grpc.Core;
using Xunit.Abstractions;
using static Dataspace.Connector.Tests.Compute.Channel.ComputeChannelPeers;

namespace Dataspace.Connector.Tests.Compute.Channel;

/// <summary>Two (or three) real connectors on 127.0.0.1 authenticating each other with DCP talk over the compute task channel.</summary>
public sealed class GrpcComputeChannelTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task TwoConnectors_ExchangeOrderedMessages_OnSeveralTopics_BothWays_AndClosingReachesThePeer()
    {
        await using var space = await DcpDataspace.StartAsync(didWeb: true, JwsAlgorithms.ES256, JwsAlgorithms.EdDSA);
        await using var provider = await OpenAsync(space.Provider, space.ProviderDid, "job-1", "task-1", (space.ConsumerDid, space.Consumer));
        var consumer = await OpenAsync(space.Consumer, space.ConsumerDid, "job-1", "task-1", (space.ProviderDid, space.Provider));

        // Ping-pong: each answer depends on the question.
        for (var i = 0; i < 100; i++)
        {
            await consumer.SendAsync(space.ProviderDid, "ping", BitConverter.GetBytes(i), CancellationToken.None);
            var ping = BitConverter.ToInt32((await provider.ReceiveAsync(space.ConsumerDid, "ping", CancellationToken.None)).Span);
            await provider.SendAsync(space.ConsumerDid, "pong", BitConverter.GetBytes(ping * 2), CancellationToken.None);
            Assert.Equal(i * 2, BitConverter.ToInt32((await consumer.ReceiveAsync(space.ProviderDid, "pong", CancellationToken.None)).Span));
        }

        // Several topics both ways at once, each in order.
        string[] topics = ["a", "b", "c"];
        const int PerTopic = 500;
        async Task SendAll(IComputeChannel channel, string to, string prefix)
        {
            for (var i = 0; i < PerTopic; i++)
            {
                foreach (var topic in topics)
                {
                    await channel.SendAsync(to, topic, Encoding.UTF8.GetBytes($"{prefix}:{topic}:{i}"), CancellationToken.None);
                }
            }
        }

        async Task ReceiveAll(IComputeChannel channel, string from, string prefix, string topic)
        {
            for (var i = 0; i < PerTopic; i++)
            {
                Assert.Equal($"{prefix}:{topic}:{i}", Encoding.UTF8.GetString((await channel.ReceiveAsync(from, topic, CancellationToken.None)).Span));
            }
        }

        await Task.WhenAll(
        [
            SendAll(consumer, space.ProviderDid, "c2p"),
            SendAll(provider, space.ConsumerDid, "p2c"),
            .. topics.Select(t => ReceiveAll(provider, space.ConsumerDid, "c2p", t)),
            .. topics.Select(t => ReceiveAll(consumer, space.ProviderDid, "p2c", t)),
        ]).WaitAsync(TimeSpan.FromSeconds(60));

        // What the consumer sent before it closed arrives; then the provider learns that the consumer left.
        for (var i = 0; i < 5; i++)
        {
            await consumer.SendAsync(space.ProviderDid, "last", new byte[] { (byte)i }, CancellationToken.None);
        }

        var pending = provider.ReceiveAsync(space.ConsumerDid, "never", CancellationToken.None).AsTask();
        await consumer.DisposeAsync();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(i, (await provider.ReceiveAsync(space.ConsumerDid, "last", CancellationToken.None)).Span[0]);
        }

        var closed = await Assert.ThrowsAsync<ComputeChannelClosedException>(() => pending.WaitAsync(Prompt));
        Assert.Contains("closed the task channel", closed.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ComputeChannelClosedException>(() => provider.SendAsync(space.ConsumerDid, "a", new byte[1], CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task Bulk50MegabytesIn1MegabyteBatches_IsBackPressured_ArrivesIntact_AndPrintsThroughput()
    {
        await using var space = await DcpDataspace.StartAsync(didWeb: true, JwsAlgorithms.ES256, JwsAlgorithms.ES256);
        await using var provider = await OpenAsync(space.Provider, space.ProviderDid, "job-bulk", "task-1", (space.ConsumerDid, space.Consumer));
        await using var consumer = await OpenAsync(space.Consumer, space.ConsumerDid, "job-bulk", "task-1", (space.ProviderDid, space.Provider));
        const int Batches = 50;
        const int BatchBytes = 1024 * 1024;
        static byte[] Chunk(int index)
        {
            var chunk = new byte[BatchBytes];
            new Random(index).NextBytes(chunk);
            return chunk;
        }

        // Nobody reads yet: the sender must stall once the receiver's queue (8 MB) and the windows in between are full.
        var sent = 0;
        var stopwatch = Stopwatch.StartNew();
        var sending = Task.Run(async () =>
        {
            for (var i = 0; i < Batches; i++)
            {
                await consumer.SendAsync(space.ProviderDid, "bulk", Chunk(i), CancellationToken.None);
                Interlocked.Increment(ref sent);
            }
        });
        await Task.Delay(TimeSpan.FromSeconds(2));
        var sentWhileNobodyRead = Volatile.Read(ref sent);
        output.WriteLine($"sent while the receiver did not read: {sentWhileNobodyRead} MB");
        Assert.InRange(sentWhileNobodyRead, 1, 35);
        Assert.False(sending.IsCompleted);

        var memoryBefore = GC.GetTotalMemory(forceFullCollection: false);
        var peak = memoryBefore;
        stopwatch.Restart();
        for (var i = 0; i < Batches; i++)
        {
            var received = await provider.ReceiveAsync(space.ConsumerDid, "bulk", CancellationToken.None);
            Assert.True(received.Span.SequenceEqual(Chunk(i)), $"batch {i} differs");
            peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
        }

        await sending.WaitAsync(Prompt);
        var seconds = stopwatch.Elapsed.TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"loopback throughput: {Batches} MB in {seconds:F2} s = {Batches / seconds:F1} MB/s (DCP-authenticated gRPC, one stream; both connectors and the checks in this process); managed heap peak {peak / (1024 * 1024)} MB"));
    }

    [Fact]
    public async Task AThirdParticipant_WithAValidIdentity_ButNotAParty_IsRefused_AndThePartiesGoOn()
    {
        await using var space = await DcpDataspace.StartAsync(didWeb: true, JwsAlgorithms.ES256, JwsAlgorithms.ES256);
        var (outsider, outsiderDid) = await space.StartMemberAsync("outsider", new JsonObject { ["dataspace"] = "city" });
        await using (outsider)
        {
            await using var provider = await OpenAsync(space.Provider, space.ProviderDid, "job-3", "task-1", (space.ConsumerDid, space.Consumer));
            await using var consumer = await OpenAsync(space.Consumer, space.ConsumerDid, "job-3", "task-1", (space.ProviderDid, space.Provider));

            // By hand: the outsider's real token, refused before anything is read.
            var (channel, call) = await DialAsync(outsider, space.Provider, space.ProviderDid, "job-3", "task-1");
            using (channel)
            using (call)
            {
                var refused = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
                Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
                Assert.Contains($"{outsiderDid} is not a party of job 'job-3' task 'task-1'", refused.Status.Detail, StringComparison.Ordinal);
            }

            // Through its own connector: the same task opened by the outsider fails with the provider's reason.
            await using var intruder = await OpenAsync(outsider, outsiderDid, "job-3", "task-1", (space.ProviderDid, space.Provider));
            var failed = await Assert.ThrowsAsync<ComputeChannelClosedException>(() => intruder.ReceiveAsync(space.ProviderDid, "t", CancellationToken.None).AsTask().WaitAsync(Prompt));
            Assert.Contains("is not a party", failed.Message, StringComparison.Ordinal);

            await consumer.SendAsync(space.ProviderDid, "t", "still here"u8.ToArray(), CancellationToken.None);
            Assert.Equal("still here", Encoding.UTF8.GetString((await provider.ReceiveAsync(space.ConsumerDid, "t", CancellationToken.None)).Span));
        }
    }

    [Fact]
    public async Task APartyNotYetOpened_IsRefused_AndThePeerJoinsOnceItOpens()
    {
        await using var space = await DcpDataspace.StartAsync(didWeb: true, JwsAlgorithms.ES256, JwsAlgorithms.ES256);
        var (channel, call) = await DialAsync(space.Consumer, space.Provider, space.ProviderDid, "job-4", "task-1");
        using (channel)
        using (call)
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
            Assert.Contains("has not opened job 'job-4' task 'task-1'", refused.Status.Detail, StringComparison.Ordinal);
        }

        // The consumer opens first and sends; the provider opens a moment later and gets it all.
        await using var consumer = await OpenAsync(space.Consumer, space.ConsumerDid, "job-4", "task-1", (space.ProviderDid, space.Provider));
        await consumer.SendAsync(space.ProviderDid, "t", "early"u8.ToArray(), CancellationToken.None);
        await Task.Delay(500);
        await using var provider = await OpenAsync(space.Provider, space.ProviderDid, "job-4", "task-1", (space.ConsumerDid, space.Consumer));
        Assert.Equal("early", Encoding.UTF8.GetString((await provider.ReceiveAsync(space.ConsumerDid, "t", CancellationToken.None).AsTask().WaitAsync(Prompt)).Span));
    }

    [Fact]
    public async Task AReplayedSequenceNumber_ClosesTheChannel_WithTheReason_AtBothEnds()
    {
        await using var space = await DcpDataspace.StartAsync(didWeb: true, JwsAlgorithms.ES256, JwsAlgorithms.ES256);
        await using var provider = await OpenAsync(space.Provider, space.ProviderDid, "job-5", "task-1", (space.ConsumerDid, space.Consumer));
        var (channel, call) = await DialAsync(space.Consumer, space.Provider, space.ProviderDid, "job-5", "task-1");
        using (channel)
        using (call)
        {
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            Assert.NotNull(call.ResponseStream.Current.Accepted);
            await call.RequestStream.WriteAsync(Batch(("t", 1, [1]), ("t", 2, [2])));
            await call.RequestStream.WriteAsync(Batch(("t", 2, [2])));

            Assert.Equal(1, (await provider.ReceiveAsync(space.ConsumerDid, "t", CancellationToken.None)).Span[0]);
            Assert.Equal(2, (await provider.ReceiveAsync(space.ConsumerDid, "t", CancellationToken.None)).Span[0]);
            var closed = await Assert.ThrowsAsync<ComputeChannelClosedException>(() => provider.ReceiveAsync(space.ConsumerDid, "t", CancellationToken.None).AsTask().WaitAsync(Prompt));
            Assert.Contains("message 2 on topic 't' from " + space.ConsumerDid + " is a replay: expected 3", closed.Message, StringComparison.Ordinal);

            var ended = await Assert.ThrowsAsync<RpcException>(async () =>
            {
                while (await call.ResponseStream.MoveNext(CancellationToken.None))
                {
                }
            });
            Assert.Equal(StatusCode.InvalidArgument, ended.StatusCode);
            Assert.Contains("is a replay", ended.Status.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task APeerKilledMidStream_MakesPendingCallsThrowPromptly_OnTheOtherSide()
    {
        await using var space = await DcpDataspace.StartAsync(didWeb: true, JwsAlgorithms.ES256, JwsAlgorithms.ES256);
        var provider = await OpenAsync(space.Provider, space.ProviderDid, "job-6", "task-1", (space.ConsumerDid, space.Consumer));
        await using var consumer = await OpenAsync(space.Consumer, space.ConsumerDid, "job-6", "task-1", (space.ProviderDid, space.Provider));
        await provider.SendAsync(space.ConsumerDid, "t", new byte[] { 1 }, CancellationToken.None);
        Assert.Equal(1, (await consumer.ReceiveAsync(space.ProviderDid, "t", CancellationToken.None)).Span[0]);

        // Both streams are up (ours to the provider too): the kill breaks established connections, not a dial in progress.
        await consumer.SendAsync(space.ProviderDid, "t", new byte[] { 3 }, CancellationToken.None);
        Assert.Equal(3, (await provider.ReceiveAsync(space.ConsumerDid, "t", CancellationToken.None)).Span[0]);

        var pending = consumer.ReceiveAsync(space.ProviderDid, "t", CancellationToken.None).AsTask();
        var stopwatch = Stopwatch.StartNew();

        // Killed, not closed: the host stops at once and drops its connections; the provider's channel is never disposed.
        await space.Provider.App.StopAsync(new CancellationToken(canceled: true));
        var failed = await Assert.ThrowsAsync<ComputeChannelClosedException>(() => pending.WaitAsync(Prompt));
        output.WriteLine($"noticed in {stopwatch.ElapsedMilliseconds} ms: {failed.Message}");
        Assert.Contains(space.ProviderDid, failed.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ComputeChannelClosedException>(() => consumer.SendAsync(space.ProviderDid, "t", new byte[] { 2 }, CancellationToken.None).AsTask());
        GC.KeepAlive(provider);
    }

    [Fact]
    public async Task EgressPolicy_RefusesAPeerOnAnInternalAddress_JoinTimesOut_AndTheTaskLimitHolds()
    {
        using var temp = new TempDirectory();
        await using var connector = await TestConnector.StartAsync(temp.Path, settings: new Dictionary<string, string?>
        {
            ["Connector:Egress:AllowPrivateNetworks"] = "false",
            ["Connector:Egress:AllowedNetworks:0"] = "127.0.0.1/32",
            ["Connector:Compute:Channel:JoinTimeoutSeconds"] = "2",
            ["Connector:Compute:Channel:MaxConcurrentTasks"] = "2",
        });
        var factory = Factory(connector);

        await using var refused = await factory.OpenAsync(new ComputeChannelRequest("job-7", "internal", "did:web:me", [new ComputePeerEndpoint("did:web:peer", new Uri("http://10.1.2.3/api/dsp"))]), CancellationToken.None);
        var egress = await Assert.ThrowsAsync<ComputeChannelClosedException>(() => refused.ReceiveAsync("did:web:peer", "t", CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("egress policy", egress.Message, StringComparison.Ordinal);

        // Allowed, but nobody answers there: the task fails once the join timeout has passed.
        var stopwatch = Stopwatch.StartNew();
        await using var lonely = await factory.OpenAsync(new ComputeChannelRequest("job-7", "lonely", "did:web:me", [new ComputePeerEndpoint("did:web:peer", new Uri($"http://127.0.0.1:{LoopbackPorts.Next()}/api/dsp"))]), CancellationToken.None);
        var timedOut = await Assert.ThrowsAsync<ComputeChannelClosedException>(() => lonely.ReceiveAsync("did:web:peer", "t", CancellationToken.None).AsTask().WaitAsync(Prompt));
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(1.5), Prompt);
        output.WriteLine(timedOut.Message);

        var third = await Assert.ThrowsAsync<InvalidOperationException>(() => factory.OpenAsync(new ComputeChannelRequest("job-7", "third", "did:web:me", [new ComputePeerEndpoint("did:web:peer", new Uri("http://127.0.0.1:1/api/dsp"))]), CancellationToken.None));
        Assert.Contains("MaxConcurrentTasks", third.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => factory.OpenAsync(new ComputeChannelRequest("job-7", "self", "did:web:me", [new ComputePeerEndpoint("did:web:me", new Uri("http://127.0.0.1:1/api/dsp"))]), CancellationToken.None));
    }
}

using System.Collections.Concurrent;
using Dataspace.Plugins.Compute.Embedded.Crypto;
using Dataspace.Sdk.Compute;

namespace Dataspace.Plugins.Compute.Embedded.Psi;

/// <summary>
/// One party's run of one <c>psi/ecdh:1</c> task. Three flows run at once so that both cores stay busy and nothing
/// waits on a round trip: mask-own (hash, ×k, send), mask-peer (receive, ×k, send back or keep) and receive-dual.
/// </summary>
internal sealed partial class EcdhPsiRun
{
    private const string HelloTopic = "psi/ecdh/hello";
    private const string MaskedTopic = "psi/ecdh/masked";
    private const string DualTopic = "psi/ecdh/dual";
    private const string SizeTopic = "psi/ecdh/size";
    private const string PaillierTopic = "psi/ecdh/paillier";
    private const string SumTopic = "psi/ecdh/sum";
    private const int TagBytes = MaskedTag.WireBytes;
    private const int PointBytes = X25519Batch.PointBytes;

    private readonly ComponentContext _context;
    private readonly PsiTaskSettings _settings;
    private readonly IComputeInput _input;
    private readonly int _keyColumn;
    private readonly string _peer;
    private readonly EcdhPsiOptions _options;
    private readonly string _spill;
    private readonly bool _isReceiver;
    private readonly IPsiGroup _group;
    private readonly byte[] _key;

    // Item counts of this party's masked batches, in order: the peer's double-masked batches must match them one for one.
    private readonly ConcurrentQueue<int> _sentBatches = new();
    private long _ownItems;
    private long _peerItems;

    public EcdhPsiRun(ComponentContext context, PsiTaskSettings settings, IComputeInput input, int keyColumn, string peer, EcdhPsiOptions options, string spill)
    {
        _context = context;
        _settings = settings;
        _input = input;
        _keyColumn = keyColumn;
        _peer = peer;
        _options = options;
        _spill = spill;
        _isReceiver = context.Role == EcdhPsiComponent.ReceiverRole;
        _group = settings.Group;
        _key = _group.NewPrivateKey();
    }

    private int Batch => _settings.BatchSize;

    /// <summary>The sender's payload column in <c>intersection-sum</c> mode; -1 otherwise.</summary>
    public int ValueColumn { get; init; } = -1;

    public async Task<ComponentResult> RunAsync(CancellationToken cancellationToken)
    {
        Report(0, "hello");
        await SendAsync(HelloTopic, _settings.Hello(), cancellationToken).ConfigureAwait(false);
        var hello = await ReceiveAsync(HelloTopic, cancellationToken).ConfigureAwait(false);
        var mismatch = _settings.CheckPeerHello(hello.Span);
        if (mismatch is not null) return ComponentResult.Failure(mismatch);

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        return _settings.Mode switch
        {
            PsiTaskSettings.Intersection => await IntersectionAsync(cts, cancellationToken).ConfigureAwait(false),
            PsiTaskSettings.Cardinality => await CardinalityAsync(cts, cancellationToken).ConfigureAwait(false),
            _ => _isReceiver
                ? await SumAsReceiverAsync(cts, cancellationToken).ConfigureAwait(false)
                : await SumAsSenderAsync(cts, cancellationToken).ConfigureAwait(false),
        };
    }

    private async Task<ComponentResult> IntersectionAsync(CancellationTokenSource cts, CancellationToken cancellationToken)
    {
        var selfReceives = _settings.Receives(_context.Role);
        var peerReceives = _settings.Receives(_isReceiver ? EcdhPsiComponent.SenderRole : EcdhPsiComponent.ReceiverRole);
        var mine = new SpillingSorter(_spill, "self", _options.RunCapacity);
        var theirs = new SpillingSorter(_spill, "peer", _options.RunCapacity);
        await using (mine.ConfigureAwait(false))
        await using (theirs.ConfigureAwait(false))
        {
            var token = cts.Token;
            await WhenAllOrFirstFault(cts,
                MaskOwnAsync(token),
                MaskPeerAsync(selfReceives ? theirs : null, peerReceives, token),
                selfReceives ? ReceiveDualAsync(mine, token) : Task.CompletedTask).ConfigureAwait(false);
            if (!selfReceives)
                return ComponentResult.Success(_ownItems, new Dictionary<string, double> { ["peer_items"] = _peerItems });

            Report(0.85, "intersect");
            var marks = new ulong[(_ownItems + 63) / 64];
            long size;
            var mineSorted = await mine.CompleteAsync(cancellationToken).ConfigureAwait(false);
            await using (mineSorted.ConfigureAwait(false))
            {
                var theirsSorted = await theirs.CompleteAsync(cancellationToken).ConfigureAwait(false);
                await using (theirsSorted.ConfigureAwait(false))
                    size = await CountCommonAsync(mineSorted, theirsSorted, marks, cancellationToken).ConfigureAwait(false);
            }
            Report(0.95, "output");
            await WriteIntersectionAsync(marks, cancellationToken).ConfigureAwait(false);
            await _context.Outputs.WriteValueAsync("intersection_size", ReleaseKinds.Intersection, Number(size), cancellationToken).ConfigureAwait(false);
            Report(1, "done");
            return ComponentResult.Success(_ownItems, new Dictionary<string, double> { ["intersection_size"] = size, ["peer_items"] = _peerItems });
        }
    }

    private async Task<ComponentResult> CardinalityAsync(CancellationTokenSource cts, CancellationToken cancellationToken)
    {
        var theirs = new SpillingSorter(_spill, "peer", _options.RunCapacity);
        await using (theirs.ConfigureAwait(false))
        {
            var token = cts.Token;
            // Both send their masked items (the sender's in a random order); each keeps the other's items multiplied by
            // its key. Only the sender's products of the receiver's items travel back, sorted: the receiver cannot tell
            // which of its rows matched, nor at which of the sender's rows.
            await WhenAllOrFirstFault(cts, MaskOwnAsync(token, shuffle: !_isReceiver), MaskPeerAsync(theirs, sendBack: false, token)).ConfigureAwait(false);
            var sorted = await theirs.CompleteAsync(cancellationToken).ConfigureAwait(false);
            long size;
            await using (sorted.ConfigureAwait(false))
            {
                if (!_isReceiver)
                {
                    Report(0.85, "send-sorted");
                    await SendSortedAsync(sorted, cancellationToken).ConfigureAwait(false);
                    if (!_settings.BothReceive)
                        return ComponentResult.Success(_ownItems, new Dictionary<string, double> { ["peer_items"] = _peerItems });
                    size = await ReceiveSizeAsync(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    Report(0.85, "count");
                    var stream = new SortedDualStream(this);
                    await using (stream.ConfigureAwait(false))
                    {
                        size = await CountCommonAsync(stream, sorted, null, cancellationToken).ConfigureAwait(false);
                        await stream.DrainAsync(cancellationToken).ConfigureAwait(false);
                    }
                    if (_settings.BothReceive)
                        await SendAsync(SizeTopic, BitConverter.GetBytes(size), cancellationToken).ConfigureAwait(false);
                }
            }
            await _context.Outputs.WriteValueAsync("intersection_size", ReleaseKinds.Cardinality, Number(size), cancellationToken).ConfigureAwait(false);
            Report(1, "done");
            return ComponentResult.Success(_ownItems, new Dictionary<string, double> { ["intersection_size"] = size, ["peer_items"] = _peerItems });
        }
    }

    // A party with a fault stops its other flows at once, so the failure (and its reason) is not hidden behind a hang.
    private static async Task WhenAllOrFirstFault(CancellationTokenSource cts, params Task[] tasks)
    {
        var pending = tasks.ToList();
        while (pending.Count > 0)
        {
            var done = await Task.WhenAny(pending).ConfigureAwait(false);
            pending.Remove(done);
            if (done.IsCompletedSuccessfully) continue;
            await cts.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(pending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await done.ConfigureAwait(false);
        }
    }

    private ValueTask SendAsync(string topic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
        => _context.Channel.SendAsync(_peer, topic, payload, cancellationToken);

    private ValueTask<ReadOnlyMemory<byte>> ReceiveAsync(string topic, CancellationToken cancellationToken)
        => _context.Channel.ReceiveAsync(_peer, topic, cancellationToken);

    private void Report(double fraction, string phase) => _context.Progress?.Report(new ComputeProgress(fraction, phase));

    private static System.Text.Json.JsonElement Number(long value)
        => System.Text.Json.JsonSerializer.SerializeToElement(value, PsiJsonContext.Default.Int64);
}

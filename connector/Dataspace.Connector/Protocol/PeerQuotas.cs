using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Protocol;

/// <summary>Token buckets per peer and kind of request, bounded in number (least recently seen peer out first).</summary>
/// <remarks>Thread-safe. An evicted peer starts again with a full bucket, which costs it nothing it could not have had by waiting.</remarks>
internal sealed class PeerQuotas
{
    /// <summary>New negotiations.</summary>
    public const string Negotiations = "negotiations";

    /// <summary>New transfer requests.</summary>
    public const string Transfers = "transfers";

    private readonly Lock _lock = new();
    private readonly Dictionary<(string Kind, string Peer), LinkedListNode<Bucket>> _buckets = [];
    private readonly LinkedList<Bucket> _recency = new();
    private readonly QuotaOptions _options;
    private readonly TimeProvider _time;

    public PeerQuotas(IOptions<QuotaOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
    }

    /// <summary>How many buckets are held.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _buckets.Count;
            }
        }
    }

    /// <summary>The per-minute rate of a kind, for error messages.</summary>
    public int PerMinute(string kind) => kind == Negotiations ? _options.NegotiationsPerMinute : _options.TransfersPerMinute;

    /// <summary>Takes one request from the peer's bucket: null when allowed, else how long until one is available.</summary>
    public TimeSpan? TryTake(string kind, string peer)
    {
        var (perMinute, burst) = kind == Negotiations ? (_options.NegotiationsPerMinute, _options.NegotiationBurst) : (_options.TransfersPerMinute, _options.TransferBurst);
        var perSecond = perMinute / 60.0;
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (_buckets.TryGetValue((kind, peer), out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
            }
            else
            {
                node = _recency.AddFirst(new Bucket(kind, peer) { Tokens = burst, Updated = now });
                _buckets[(kind, peer)] = node;
                while (_buckets.Count > _options.MaxTrackedPeers)
                {
                    var last = _recency.Last!;
                    _recency.RemoveLast();
                    _buckets.Remove((last.Value.Kind, last.Value.Peer));
                }
            }

            var bucket = node.Value;
            var elapsed = (now - bucket.Updated).TotalSeconds;
            bucket.Tokens = Math.Min(burst, bucket.Tokens + (elapsed > 0 ? elapsed * perSecond : 0));
            bucket.Updated = now;
            if (bucket.Tokens >= 1)
            {
                bucket.Tokens -= 1;
                return null;
            }

            return TimeSpan.FromSeconds((1 - bucket.Tokens) / perSecond);
        }
    }

    private sealed class Bucket(string kind, string peer)
    {
        public string Kind { get; } = kind;

        public string Peer { get; } = peer;

        public double Tokens { get; set; }

        public DateTimeOffset Updated { get; set; }
    }
}

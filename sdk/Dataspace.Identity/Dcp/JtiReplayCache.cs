using System.Collections.Concurrent;

namespace Dataspace.Identity.Dcp;

/// <summary>Remembers token ids until their tokens expire, so a token is accepted once.</summary>
/// <remarks>Safe for concurrent use; in-process only (several connector instances each keep their own).</remarks>
public sealed class JtiReplayCache
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private long _nextPurge;

    /// <summary>Creates the cache.</summary>
    public JtiReplayCache(TimeProvider time) => _time = time;

    /// <summary>Records the id until <paramref name="forgetAfter"/>; false if it was already recorded and has not been forgotten.</summary>
    public bool TryUse(string issuer, string jti, DateTimeOffset forgetAfter)
    {
        var now = _time.GetUtcNow();
        PurgeIfDue(now);
        var key = issuer + " " + jti;
        while (true)
        {
            if (_seen.TryAdd(key, forgetAfter))
            {
                return true;
            }

            if (_seen.TryGetValue(key, out var existing) && existing > now)
            {
                return false;
            }

            // The entry expired: replace it unless another thread just did.
            if (_seen.TryUpdate(key, forgetAfter, existing))
            {
                return true;
            }
        }
    }

    private void PurgeIfDue(DateTimeOffset now)
    {
        var due = Interlocked.Read(ref _nextPurge);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextPurge, now.AddMinutes(1).UtcTicks, due) != due)
        {
            return;
        }

        foreach (var (key, expires) in _seen)
        {
            if (expires <= now)
            {
                _seen.TryRemove(new KeyValuePair<string, DateTimeOffset>(key, expires));
            }
        }
    }
}

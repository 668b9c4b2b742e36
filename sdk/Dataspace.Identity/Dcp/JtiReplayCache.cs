namespace Dataspace.Identity.Dcp;

/// <summary>Remembers token ids until their tokens expire, so a token is accepted once.</summary>
/// <remarks>
/// Safe for concurrent use; in-process only (several connector instances each keep their own). Bounded: when it holds its
/// maximum, expired ids are swept first, and if every id is still unexpired a new token is refused (<see cref="JtiUse.Full"/>)
/// rather than forgetting an unexpired id, which would re-open replay of that token. Tokens live at most
/// <see cref="IdentityOptions.MaxTokenLifetime"/> plus leeway, so a full cache frees itself within minutes.
/// </remarks>
public sealed class JtiReplayCache
{
    /// <summary>The default bound on remembered token ids.</summary>
    public const int DefaultCapacity = 100_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly int _capacity;
    private DateTimeOffset _nextPurge;
    private DateTimeOffset _nextPurgeWhenFull;

    /// <summary>Creates the cache holding at most <paramref name="capacity"/> unexpired token ids.</summary>
    public JtiReplayCache(TimeProvider time, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _time = time;
        _capacity = capacity;
    }

    /// <summary>The most token ids held at once.</summary>
    public int Capacity => _capacity;

    /// <summary>How many token ids are held now (expired ones may linger until the next sweep).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _seen.Count;
            }
        }
    }

    /// <summary>Records the id until <paramref name="forgetAfter"/>; false if it was already recorded and has not been forgotten, or the cache is full.</summary>
    public bool TryUse(string issuer, string jti, DateTimeOffset forgetAfter) => Use(issuer, jti, forgetAfter) == JtiUse.Accepted;

    /// <summary>Records the id until <paramref name="forgetAfter"/> and says whether it was new, a replay, or refused because the cache is full.</summary>
    public JtiUse Use(string issuer, string jti, DateTimeOffset forgetAfter)
    {
        var now = _time.GetUtcNow();
        var key = issuer + " " + jti;
        lock (_lock)
        {
            if (_seen.TryGetValue(key, out var existing))
            {
                if (existing > now)
                {
                    return JtiUse.Replayed;
                }

                // The entry expired: the id may be used again (its old token is refused as expired anyway).
                _seen[key] = forgetAfter;
                return JtiUse.Accepted;
            }

            // A replay is found above even when full; only new ids need room. While full, sweep at most once a second,
            // so a peer keeping the cache full cannot make every request pay a scan of all of it.
            if (now >= _nextPurge || (_seen.Count >= _capacity && now >= _nextPurgeWhenFull))
            {
                Purge(now);
            }

            if (_seen.Count >= _capacity)
            {
                return JtiUse.Full;
            }

            _seen.Add(key, forgetAfter);
            return JtiUse.Accepted;
        }
    }

    private void Purge(DateTimeOffset now)
    {
        _nextPurge = now.AddMinutes(1);
        _nextPurgeWhenFull = now.AddSeconds(1);
        foreach (var (key, expires) in _seen)
        {
            if (expires <= now)
            {
                _seen.Remove(key);
            }
        }
    }
}

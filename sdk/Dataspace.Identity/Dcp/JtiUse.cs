namespace Dataspace.Identity.Dcp;

/// <summary>What <see cref="JtiReplayCache.Use"/> decided about a token id.</summary>
public enum JtiUse
{
    /// <summary>First use: the id is now recorded until its token expires.</summary>
    Accepted = 1,

    /// <summary>The id was already used and its token has not expired: a replay.</summary>
    Replayed = 2,

    /// <summary>
    /// The cache was full and forgot ids expiring no later than this token: the token may be the replay of one of them,
    /// so it is refused; a freshly issued token is accepted.
    /// </summary>
    Full = 3,
}

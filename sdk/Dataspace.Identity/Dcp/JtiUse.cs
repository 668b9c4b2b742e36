namespace Dataspace.Identity.Dcp;

/// <summary>What <see cref="JtiReplayCache.Use"/> decided about a token id.</summary>
public enum JtiUse
{
    /// <summary>First use: the id is now recorded until its token expires.</summary>
    Accepted = 1,

    /// <summary>The id was already used and its token has not expired: a replay.</summary>
    Replayed = 2,

    /// <summary>
    /// The cache holds its maximum of unexpired ids: the token is refused rather than evicting an id whose token is still
    /// valid (which would let that token be replayed).
    /// </summary>
    Full = 3,
}

namespace Dataspace.Identity;

/// <summary>Settings of token, credential and presentation verification (section <c>Connector:Identity</c>).</summary>
public sealed record IdentityOptions
{
    /// <summary>How far clocks may differ when checking <c>iat</c>, <c>nbf</c>, <c>exp</c> and validity periods.</summary>
    public TimeSpan ClockLeeway { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest Self-Issued ID token accepted (<c>exp - iat</c>); DCP allows at most 5 minutes.</summary>
    public TimeSpan MaxTokenLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The lifetime of tokens and presentations this participant makes.</summary>
    public TimeSpan IssuedTokenLifetime { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long resolved DID documents are reused.</summary>
    public TimeSpan DidCacheTtl { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How many DIDs the resolver cache holds at most (least recently used out first).</summary>
    public int DidCacheSize { get; init; } = Dids.DidResolverRegistry.DefaultCacheSize;

    /// <summary>How long a failed DID resolution is remembered before it is tried again.</summary>
    public TimeSpan DidFailureCacheTtl { get; init; } = Dids.DidResolverRegistry.DefaultFailureTtl;

    /// <summary>How long a caller's verified presentation is reused, so one negotiation does not query the wallet per message.</summary>
    public TimeSpan PresentationCacheTtl { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The scope alias used when asking for credentials (<see cref="Dcp.DcpScopes.TypeAlias"/>, or EDC's <c>org.eclipse.edc.vc.type</c>); both are accepted.</summary>
    public string ScopeAlias { get; init; } = Dcp.DcpScopes.TypeAlias;

    /// <summary>
    /// Accept any key of a DID document for a purpose whose relationship the document does not declare at all (EDC
    /// IdentityHub documents may list only <c>verificationMethod</c>). Off by default: DID Core authorizes no key then.
    /// </summary>
    public bool AcceptUndeclaredRelationships { get; init; }

    /// <summary>How long a fetched status list is reused.</summary>
    public TimeSpan StatusListCacheTtl { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How many unexpired token ids the replay cache holds at most; beyond it the soonest-expiring are forgotten and a token expiring no later than them is refused (<see cref="VerificationFailure.ReplayCacheFull"/>).</summary>
    public int JtiCacheSize { get; init; } = Dcp.JtiReplayCache.DefaultCapacity;

    /// <summary>How many callers' verified presentations are cached at most (least recently used out first).</summary>
    public int PresentationCacheSize { get; init; } = Dcp.PresentationCache.DefaultCapacity;

    /// <summary>How many status lists are cached at most (least recently used out first).</summary>
    public int StatusListCacheSize { get; init; } = StatusLists.StatusListChecker.DefaultCapacity;
}

namespace Dataspace.Sdk.Storage;

/// <summary>The keys an offer's access policy needs of a requester, which an offer store indexes offers by (given by the host).</summary>
public interface IOfferAccessIndex
{
    /// <summary>Identifies the analysis: keys stored under another fingerprint are stale (the offer is a candidate for everyone until refreshed).</summary>
    string Fingerprint { get; }

    /// <summary>The keys of an access policy given as its stored JSON text; a requester holding none of them cannot see the offer.</summary>
    Task<IReadOnlyList<string>> KeysAsync(string accessPolicyJson, CancellationToken cancellationToken);
}

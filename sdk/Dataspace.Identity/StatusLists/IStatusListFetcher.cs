namespace Dataspace.Identity.StatusLists;

/// <summary>Fetches a status list credential (as a JWT) from its URL.</summary>
public interface IStatusListFetcher
{
    /// <summary>Fetches the compact JWT at the URL, or a failure with a reason.</summary>
    Task<StatusListFetchResult> FetchAsync(Uri url, CancellationToken cancellationToken);
}

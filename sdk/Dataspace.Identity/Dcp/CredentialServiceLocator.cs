using Dataspace.Identity.Dids;

namespace Dataspace.Identity.Dcp;

/// <summary>Finds a participant's Credential Service: the CredentialService entry of its DID document, else a configured directory entry.</summary>
/// <remarks>The directory serves DIDs whose documents cannot list services, such as did:key.</remarks>
public sealed class CredentialServiceLocator
{
    private readonly IReadOnlyDictionary<string, Uri> _directory;

    /// <summary>Creates the locator with a directory of DID → Credential Service URL (may be empty).</summary>
    public CredentialServiceLocator(IReadOnlyDictionary<string, Uri> directory) => _directory = directory;

    /// <summary>The Credential Service base URL of the DID, or null.</summary>
    public Uri? Find(DidDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.FindServiceEndpoint(DidServiceTypes.CredentialService) is { } endpoint && Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            return uri;
        }

        return _directory.TryGetValue(document.Id, out var configured) ? configured : null;
    }
}

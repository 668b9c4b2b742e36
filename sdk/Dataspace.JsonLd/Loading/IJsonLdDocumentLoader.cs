namespace Dataspace.JsonLd.Loading;

/// <summary>Loads a JSON-LD document (in practice a remote context) by URL.</summary>
/// <remarks>Called concurrently; must not return a document that the caller may later mutate.</remarks>
public interface IJsonLdDocumentLoader
{
    /// <summary>Loads the document at <paramref name="url"/>, or throws a <see cref="JsonLdException"/> saying why it cannot.</summary>
    Task<RemoteDocument> LoadDocumentAsync(Uri url, CancellationToken cancellationToken);
}

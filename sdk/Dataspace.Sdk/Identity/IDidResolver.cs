namespace Dataspace.Sdk.Identity;

/// <summary>Resolves DIDs of one method (did:web, did:key, or a method a plugin adds) to their DID documents.</summary>
/// <remarks>Called concurrently; the connector caches results, so an implementation need not.</remarks>
public interface IDidResolver
{
    /// <summary>The DID method this resolver handles, without the <c>did:</c> prefix (e.g. <c>web</c>).</summary>
    string Method { get; }

    /// <summary>Resolves the DID in the context to its DID document, or a failure with a DID Resolution error code.</summary>
    Task<DidResolutionResult> ResolveAsync(DidResolutionContext context, CancellationToken cancellationToken);
}

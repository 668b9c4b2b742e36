namespace Dataspace.Sdk.Identity;

/// <summary>Verifies again, now, a credential that was verified earlier (e.g. when an agreement was negotiated with it).</summary>
/// <remarks>Called concurrently, while data is accessed; callers cache the outcome per consumer for a configured interval.</remarks>
public interface ICredentialRechecker
{
    /// <summary>Null when <paramref name="credential"/> of <paramref name="holderDid"/> still holds (not revoked, suspended or expired, issuer still trusted); else why not.</summary>
    Task<string?> RecheckAsync(VerifiedCredential credential, string holderDid, CancellationToken cancellationToken);
}

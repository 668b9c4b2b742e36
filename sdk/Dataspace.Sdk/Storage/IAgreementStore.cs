namespace Dataspace.Sdk.Storage;

/// <summary>Contract agreements, one per negotiation; they are written only with a negotiation's transition (<see cref="ProcessEffects.Agreement"/>).</summary>
public interface IAgreementStore
{
    /// <summary>One agreement, or null.</summary>
    Task<ContractAgreementRecord?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>A page of agreements, newest first (then by id), optionally of one asset.</summary>
    Task<Page<ContractAgreementRecord>> ListAsync(PageRequest page, string? assetId, CancellationToken cancellationToken);
}

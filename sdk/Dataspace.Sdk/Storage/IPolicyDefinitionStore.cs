namespace Dataspace.Sdk.Storage;

/// <summary>Policy definitions (named ODRL policies) offers refer to.</summary>
public interface IPolicyDefinitionStore
{
    /// <summary>Adds a policy; false when the id is taken.</summary>
    Task<bool> CreateAsync(PolicyDefinition policy, CancellationToken cancellationToken);

    /// <summary>One policy, or null.</summary>
    Task<PolicyDefinition?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>A page of policies ordered by id (ordinal).</summary>
    Task<Page<PolicyDefinition>> ListAsync(PageRequest page, CancellationToken cancellationToken);

    /// <summary>Deletes a policy; false when unknown or still named by an offer.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);
}

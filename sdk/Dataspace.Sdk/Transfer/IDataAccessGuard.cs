namespace Dataspace.Sdk.Transfer;

/// <summary>Implemented by the connector: decides each data access of a transfer against its state and agreement.</summary>
/// <remarks>
/// A data plane calls it on every request (each pull, each range); the connector checks that the transfer is started,
/// evaluates the agreement's policy in the <c>access</c> scope and meters the access. Called concurrently.
/// </remarks>
public interface IDataAccessGuard
{
    /// <summary>Allows the access (with the source to read from) or denies it with a reason.</summary>
    Task<DataAccessDecision> AuthorizeAsync(DataAccessRequest request, CancellationToken cancellationToken);
}

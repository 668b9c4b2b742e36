using Dataspace.Sdk.Transfer;

namespace Dataspace.Benchmarks.Transfer;

/// <summary>Allows every access to the one transfer, reading the benchmark file: measures the data plane, not policy.</summary>
internal sealed class AllowAllGuard(DataAddress source) : IDataAccessGuard
{
    public Task<DataAccessDecision> AuthorizeAsync(DataAccessRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(DataAccessDecision.Allow(source));
}

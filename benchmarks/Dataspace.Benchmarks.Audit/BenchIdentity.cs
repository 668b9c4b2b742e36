using Dataspace.Identity.Dcp;

namespace Dataspace.Benchmarks.Audit;

/// <summary>A fixed did:key identity, as the connector's identity provider would give once loaded.</summary>
internal sealed class BenchIdentity(LocalIdentity identity) : ILocalIdentityProvider
{
    public LocalIdentity Current => identity;
}

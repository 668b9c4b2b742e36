using Dataspace.Connector.Protocol;

namespace Dataspace.Connector.Tests.Protocol;

/// <summary>
/// The protocol plumbing (DSP group, outbox, worker) knows nothing of the features built on it: negotiation, transfer
/// and catalog plug their endpoints and outcome handlers into it, never the other way round.
/// </summary>
public sealed class ProtocolDependencyTests
{
    private static readonly string[] Features =
    [
        "Dataspace.Connector.Negotiation",
        "Dataspace.Connector.Transfer",
        "Dataspace.Connector.Catalog",
        "Dataspace.Connector.Management",
        "Dataspace.Connector.Tck",
    ];

    [Fact]
    public void ProtocolNamespace_ReferencesNoFeatureNamespace()
    {
        var references = NamespaceReferences.Find(typeof(ProtocolWorker).Assembly, "Dataspace.Connector.Protocol", Features);

        Assert.True(references.Count == 0, "Protocol must not depend on a feature; found:\n" + string.Join("\n", references));
    }

    [Fact]
    public void Scan_FindsReferencesInMethodBodiesAndTypeArguments()
    {
        // Hosting composes the features: its calls into them (a body) and its registrations (type arguments) must show.
        var references = NamespaceReferences.Find(typeof(ProtocolWorker).Assembly, "Dataspace.Connector.Hosting", ["Dataspace.Connector.Negotiation"]);

        Assert.Contains(references, r => r.EndsWith("-> Dataspace.Connector.Negotiation.NegotiationDspEndpoints", StringComparison.Ordinal));
        Assert.Contains(references, r => r.EndsWith("-> Dataspace.Connector.Negotiation.NegotiationManager", StringComparison.Ordinal));
    }
}

namespace Dataspace.Sdk.Plugins;

/// <summary>The names of the extension points a plugin may declare in its manifest.</summary>
public static class PluginKinds
{
    /// <summary>Data sources and sinks per address type, and data-plane wire protocols.</summary>
    public const string Transport = "transport";

    /// <summary>Stores behind the connector's ports, and data storage.</summary>
    public const string Storage = "storage";

    /// <summary>Computations run provider-side that return results, never rows.</summary>
    public const string Privacy = "privacy";

    /// <summary>Industry subspace vocabularies, credentials, policy functions and templates.</summary>
    public const string Subspace = "subspace";

    /// <summary>DID method resolvers and credential verifiers.</summary>
    public const string Identity = "identity";

    /// <summary>Sinks that anchor audit-ledger checkpoints elsewhere.</summary>
    public const string Audit = "audit";

    /// <summary>Policy constraint functions.</summary>
    public const string Policy = "policy";

    /// <summary>Every kind the host knows.</summary>
    public static IReadOnlySet<string> All { get; } =
        new HashSet<string>(StringComparer.Ordinal) { Transport, Storage, Privacy, Subspace, Identity, Audit, Policy };
}

namespace Dataspace.Sdk.Metering;

/// <summary>What a usage record counts.</summary>
public enum UsageKind
{
    /// <summary>Data read through a data plane (a pull request, a push delivery): bytes and requests.</summary>
    DataAccess = 1,

    /// <summary>A computation run on the data (a compute job's component): rows and the component that ran.</summary>
    Computation = 2,
}

namespace Dataspace.Sdk.Compute;

/// <summary>Where a party's input comes from.</summary>
/// <param name="Kind"><see cref="Asset"/> (a provider's asset behind an agreement) or <see cref="File"/> (a local or uploaded file of the party).</param>
/// <param name="Reference">The asset id, or the file's path at that party (never sent to another party's storage).</param>
/// <param name="AgreementId">For an asset: the agreement it is used under.</param>
public sealed record ComputeTaskInput(string Kind, string Reference, string? AgreementId = null)
{
    /// <summary>A provider's asset read as CSV through its data source.</summary>
    public const string Asset = "asset";

    /// <summary>A CSV file of the party itself.</summary>
    public const string File = "file";
}

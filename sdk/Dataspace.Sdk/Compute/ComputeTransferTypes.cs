namespace Dataspace.Sdk.Compute;

/// <summary>
/// The DSP transfer types (the DCAT distribution <c>format</c>) under which a dataset is offered for computation rather
/// than download; an agreement on such a distribution binds compute jobs, never a data transfer.
/// </summary>
public static class ComputeTransferTypes
{
    /// <summary>The prefix every compute transfer type has.</summary>
    public const string Prefix = "Compute-";

    /// <summary>Private set intersection.</summary>
    public const string Psi = "Compute-PSI";

    /// <summary>Keyword lookup (anonymous query).</summary>
    public const string Lookup = "Compute-Lookup";

    /// <summary>Secure aggregation.</summary>
    public const string Aggregate = "Compute-Aggregate";

    /// <summary>Differentially private queries.</summary>
    public const string DpQuery = "Compute-DpQuery";

    /// <summary>Model scoring next to the data.</summary>
    public const string Score = "Compute-Score";

    /// <summary>Federated averaging.</summary>
    public const string FedAvg = "Compute-FedAvg";

    /// <summary>Vertical federated learning.</summary>
    public const string VerticalLearning = "Compute-VFL";

    /// <summary>Every compute transfer type.</summary>
    public static IReadOnlyList<string> All { get; } = [Psi, Lookup, Aggregate, DpQuery, Score, FedAvg, VerticalLearning];

    /// <summary>Whether <paramref name="transferType"/> names a computation.</summary>
    public static bool IsCompute(string? transferType) => transferType is not null && transferType.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The components a compute transfer type admits (the agreement's constraints may narrow them further).</summary>
    public static IReadOnlyList<string> Components(string transferType) => transferType switch
    {
        Psi => [ComputeComponents.PsiEcdh, ComputeComponents.PsiEcdhOprf],
        Lookup => [ComputeComponents.PsiEcdhOprf],
        Aggregate => [ComputeComponents.SecureSum],
        DpQuery => [ComputeComponents.DpQuery],
        Score => [ComputeComponents.OnnxScore],
        FedAvg => [ComputeComponents.FedAvg, ComputeComponents.SecureSum],
        VerticalLearning => [ComputeComponents.VerticalLogisticRegression],
        _ => [],
    };
}

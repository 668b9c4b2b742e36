namespace Dataspace.Sdk.Compute;

/// <summary>Identifiers of the components of the embedded engine (<c>domain/name:version</c>).</summary>
public static class ComputeComponents
{
    /// <summary>Two-party ECDH private set intersection over Curve25519 (SecretFlow-compatible).</summary>
    public const string PsiEcdh = "psi/ecdh:1";

    /// <summary>Unbalanced PSI and keyword lookup with an OPRF over ristretto255 (RFC 9497).</summary>
    public const string PsiEcdhOprf = "psi/ecdh_oprf:1";

    /// <summary>Pairwise-mask secure aggregation with dropout recovery.</summary>
    public const string SecureSum = "agg/secure_sum:1";

    /// <summary>Horizontal federated averaging over secure aggregation.</summary>
    public const string FedAvg = "fl/fedavg:1";

    /// <summary>Vertical logistic regression (Paillier, arbiter pattern).</summary>
    public const string VerticalLogisticRegression = "vfl/lr:1";

    /// <summary>Differentially private counts, sums, means and histograms with a budget ledger.</summary>
    public const string DpQuery = "stats/dp_query:1";

    /// <summary>An owner-approved ONNX model scored next to the data.</summary>
    public const string OnnxScore = "ml/score:1";
}

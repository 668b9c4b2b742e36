namespace Dataspace.Policies.Vocabulary;

/// <summary>IRIs of this engine's own vocabulary (claim operands, purposes, regions, actions beyond ODRL).</summary>
public static class PolicyVocabulary
{
    /// <summary>The namespace of this engine's vocabulary.</summary>
    public const string Namespace = "https://w3id.org/dataspace-connector/policy/";

    /// <summary>The IRI scheme of claim left operands: <c>claim:CredentialType.path.to.value</c> addresses a verified claim.</summary>
    public const string ClaimScheme = "claim:";

    /// <summary>The IRI scheme of issuer left operands: <c>issuer:CredentialType</c> is the DID of the authority that issued the verified credential.</summary>
    public const string IssuerScheme = "issuer:";

    /// <summary>The namespace of the built-in purpose taxonomy.</summary>
    public const string PurposeNamespace = Namespace + "purpose/";

    /// <summary>The namespace of the built-in region codes (ISO 3166 codes and named regions).</summary>
    public const string RegionNamespace = Namespace + "region/";

    /// <summary>The left operand giving the size of the smallest group an aggregate result is computed over.</summary>
    public const string MinGroupSize = Namespace + "minGroupSize";

    /// <summary>Compute scope: the component a job task invokes (<c>domain/name:version</c>).</summary>
    public const string ComputeComponent = Namespace + "computeComponent";

    /// <summary>Compute scope: a release kind a job asks for the consumer (e.g. <c>cardinality</c>).</summary>
    public const string ConsumerRelease = Namespace + "consumerRelease";

    /// <summary>Compute scope: a release kind a job asks for the provider.</summary>
    public const string ProviderRelease = Namespace + "providerRelease";

    /// <summary>Compute scope: the ε spent under the agreement in the budget period, the job's own included.</summary>
    public const string Epsilon = Namespace + "epsilon";

    /// <summary>Compute scope: the δ spent under the agreement in the budget period, the job's own included.</summary>
    public const string Delta = Namespace + "delta";

    /// <summary>Compute scope: declares the length of the privacy-budget period (an xsd:duration); the whole agreement when absent.</summary>
    public const string BudgetPeriod = Namespace + "budgetPeriod";

    /// <summary>Compute scope: the <c>sha256:</c> digest of a model or algorithm a job runs.</summary>
    public const string ModelDigest = Namespace + "modelDigest";

    /// <summary>Compute scope: the number of jobs run under the agreement in the job-count period, the job itself included.</summary>
    public const string JobCount = Namespace + "jobCount";

    /// <summary>Compute scope: declares the length of the job-count period (an xsd:duration); the whole agreement when absent.</summary>
    public const string JobPeriod = Namespace + "jobPeriod";
}

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
}

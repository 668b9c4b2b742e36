namespace Dataspace.Identity.Jose;

/// <summary>The JWS algorithms this library signs and verifies with.</summary>
public static class JwsAlgorithms
{
    /// <summary>ECDSA with P-256 and SHA-256.</summary>
    public const string ES256 = "ES256";

    /// <summary>Edwards-curve signatures with Ed25519.</summary>
    public const string EdDSA = "EdDSA";

    /// <summary>The fully-specified name of EdDSA with Ed25519 (RFC 9864), accepted when verifying.</summary>
    public const string Ed25519 = "Ed25519";

    /// <summary>Whether the algorithm is one this library supports.</summary>
    public static bool IsSupported(string? algorithm) => algorithm is ES256 or EdDSA or Ed25519;

    /// <summary>The algorithm with <c>Ed25519</c> read as <c>EdDSA</c>.</summary>
    public static string? Normalize(string? algorithm) => algorithm == Ed25519 ? EdDSA : algorithm;
}

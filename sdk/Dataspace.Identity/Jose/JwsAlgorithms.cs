namespace Dataspace.Identity.Jose;

/// <summary>The JWS algorithms this library signs with (ES256, EdDSA) and verifies (those, ES384/512, RS and PS 256/384/512).</summary>
public static class JwsAlgorithms
{
    /// <summary>ECDSA with P-384 and SHA-384 (verification only).</summary>
    public const string ES384 = "ES384";

    /// <summary>ECDSA with P-521 and SHA-512 (verification only).</summary>
    public const string ES512 = "ES512";

    /// <summary>RSASSA-PKCS1-v1_5 with SHA-256 (verification only).</summary>
    public const string RS256 = "RS256";

    /// <summary>RSASSA-PKCS1-v1_5 with SHA-384 (verification only).</summary>
    public const string RS384 = "RS384";

    /// <summary>RSASSA-PKCS1-v1_5 with SHA-512 (verification only).</summary>
    public const string RS512 = "RS512";

    /// <summary>RSASSA-PSS with SHA-256 (verification only).</summary>
    public const string PS256 = "PS256";

    /// <summary>RSASSA-PSS with SHA-384 (verification only).</summary>
    public const string PS384 = "PS384";

    /// <summary>RSASSA-PSS with SHA-512 (verification only).</summary>
    public const string PS512 = "PS512";

    /// <summary>ECDSA with P-256 and SHA-256.</summary>
    public const string ES256 = "ES256";

    /// <summary>Edwards-curve signatures with Ed25519.</summary>
    public const string EdDSA = "EdDSA";

    /// <summary>The fully-specified name of EdDSA with Ed25519 (RFC 9864), accepted when verifying.</summary>
    public const string Ed25519 = "Ed25519";

    /// <summary>Whether signatures of the algorithm are verified.</summary>
    public static bool IsSupported(string? algorithm) =>
        algorithm is ES256 or EdDSA or Ed25519 or ES384 or ES512 or RS256 or RS384 or RS512 or PS256 or PS384 or PS512;

    /// <summary>Whether this library makes keys and signs with the algorithm (ES256 and EdDSA).</summary>
    public static bool CanSign(string? algorithm) => algorithm is ES256 or EdDSA;

    /// <summary>The algorithm with <c>Ed25519</c> read as <c>EdDSA</c>.</summary>
    public static string? Normalize(string? algorithm) => algorithm == Ed25519 ? EdDSA : algorithm;
}

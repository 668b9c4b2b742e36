namespace Dataspace.Identity.Jose;

/// <summary>The JWS algorithms this library signs and verifies with.</summary>
public static class JwsAlgorithms
{
    /// <summary>ECDSA with P-256 and SHA-256.</summary>
    public const string ES256 = "ES256";

    /// <summary>Edwards-curve signatures with Ed25519.</summary>
    public const string EdDSA = "EdDSA";

    /// <summary>Whether the algorithm is one this library supports.</summary>
    public static bool IsSupported(string? algorithm) => algorithm is ES256 or EdDSA;
}

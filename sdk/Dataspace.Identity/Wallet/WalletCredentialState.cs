namespace Dataspace.Identity.Wallet;

/// <summary>How a held credential stands when the wallet is listed.</summary>
public enum WalletCredentialState
{
    /// <summary>Every check passes.</summary>
    Valid = 1,

    /// <summary>Its validity period has ended.</summary>
    Expired = 2,

    /// <summary>Its validity period has not begun.</summary>
    NotYetValid = 3,

    /// <summary>Its issuer revoked it.</summary>
    Revoked = 4,

    /// <summary>Its issuer suspended it.</summary>
    Suspended = 5,

    /// <summary>Another check failed (untrusted issuer, unreachable status list, ...); see the reason.</summary>
    Invalid = 6,
}

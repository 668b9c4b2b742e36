namespace Dataspace.Identity.Dids;

/// <summary>The verification relationships of DID Core that decide what a key may be used for.</summary>
public enum VerificationRelationship
{
    /// <summary>Proving control of the DID (logins, challenge responses).</summary>
    Authentication = 1,

    /// <summary>Issuing credentials and other assertions.</summary>
    AssertionMethod = 2,

    /// <summary>Invoking capabilities: DCP Self-Issued ID tokens are signed with such a key.</summary>
    CapabilityInvocation = 3,

    /// <summary>Delegating capabilities to others.</summary>
    CapabilityDelegation = 4,

    /// <summary>Key agreement for encryption.</summary>
    KeyAgreement = 5,
}

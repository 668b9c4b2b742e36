namespace Dataspace.Identity.Credentials;

/// <summary>The two DCP v1.0 credential profiles.</summary>
public enum CredentialProfile
{
    /// <summary><c>vc20-bssl/jwt</c>: VC Data Model 2.0 secured as <c>vc+jwt</c>, revocation by Bitstring Status List.</summary>
    Vc20BitstringStatusList = 1,

    /// <summary><c>vc11-sl2021/jwt</c>: VC Data Model 1.1 in JWT <c>vc</c>/<c>vp</c> claims, revocation by StatusList2021.</summary>
    Vc11StatusList2021 = 2,
}

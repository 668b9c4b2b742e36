using System.Diagnostics.CodeAnalysis;

namespace Dataspace.Identity.Credentials;

/// <summary>The DCP profile identifiers and the vocabulary each profile uses.</summary>
public static class CredentialProfiles
{
    /// <summary>The identifier of <see cref="CredentialProfile.Vc20BitstringStatusList"/>.</summary>
    public const string Vc20Bssl = "vc20-bssl/jwt";

    /// <summary>The identifier of <see cref="CredentialProfile.Vc11StatusList2021"/>.</summary>
    public const string Vc11Sl2021 = "vc11-sl2021/jwt";

    /// <summary>The VC Data Model 2.0 context.</summary>
    public const string Vc20Context = "https://www.w3.org/ns/credentials/v2";

    /// <summary>The VC Data Model 1.1 context.</summary>
    public const string Vc11Context = "https://www.w3.org/2018/credentials/v1";

    /// <summary>The StatusList2021 context.</summary>
    public const string StatusList2021Context = "https://w3id.org/vc/status-list/2021/v1";

    /// <summary>The profile's identifier.</summary>
    public static string ToId(CredentialProfile profile) => profile == CredentialProfile.Vc11StatusList2021 ? Vc11Sl2021 : Vc20Bssl;

    /// <summary>Reads a profile identifier.</summary>
    public static bool TryParse(string? id, [NotNullWhen(true)] out CredentialProfile? profile)
    {
        profile = id switch
        {
            Vc20Bssl => CredentialProfile.Vc20BitstringStatusList,
            Vc11Sl2021 => CredentialProfile.Vc11StatusList2021,
            _ => null,
        };
        return profile is not null;
    }
}

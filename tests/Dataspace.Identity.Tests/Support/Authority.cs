using System.Text.Json.Nodes;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.StatusLists;

namespace Dataspace.Identity.Tests.Support;

/// <summary>A data-space authority that issues credentials and keeps one revocation list per profile.</summary>
internal sealed class Authority
{
    private readonly TestDataspace _space;
    private readonly Dictionary<CredentialProfile, StatusBitstring> _lists = new()
    {
        [CredentialProfile.Vc20BitstringStatusList] = new StatusBitstring(),
        [CredentialProfile.Vc11StatusList2021] = new StatusBitstring(),
    };

    private int _nextIndex = 7;

    public Authority(TestDataspace space, DidSigner signer)
    {
        _space = space;
        Signer = signer;
        Publish();
    }

    public DidSigner Signer { get; }

    public string Did => Signer.Did;

    /// <summary>Whether published lists carry the multibase 'u' prefix; null: as the profile says (2.0 with, 1.1 without).</summary>
    public bool? MultibasePrefix { get; set; }

    public string ListUrl(CredentialProfile profile) =>
        $"https://status.example/{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Did)))[..12]}/{(profile == CredentialProfile.Vc20BitstringStatusList ? "vc20" : "vc11")}";

    public int LastIndex { get; private set; }

    public string Issue(
        string subjectDid,
        CredentialProfile profile,
        string type = "MembershipCredential",
        JsonObject? claims = null,
        DateTimeOffset? validFrom = null,
        DateTimeOffset? validUntil = null)
    {
        LastIndex = _nextIndex++;
        return JwtCredentials.Issue(
            new CredentialDraft
            {
                Types = [type],
                SubjectDid = subjectDid,
                Claims = claims ?? new JsonObject { ["memberOf"] = "city-dataspace", ["region"] = "north" },
                ValidFrom = validFrom ?? _space.Clock.GetUtcNow().AddDays(-1),
                ValidUntil = validUntil ?? _space.Clock.GetUtcNow().AddDays(365),
                Status = new CredentialStatusEntry { StatusListCredential = ListUrl(profile), Index = LastIndex },
            },
            Signer,
            profile);
    }

    public void Revoke(CredentialProfile profile, int index)
    {
        _lists[profile].Set(index, true);
        Publish();
    }

    public void Publish()
    {
        foreach (var (profile, bits) in _lists)
        {
            var vc11 = profile == CredentialProfile.Vc11StatusList2021;
            var jwt = JwtCredentials.Issue(
                new CredentialDraft
                {
                    Id = ListUrl(profile),
                    Types = [vc11 ? "StatusList2021Credential" : "BitstringStatusListCredential"],
                    SubjectDid = ListUrl(profile) + "#list",
                    Claims = new JsonObject
                    {
                        ["type"] = vc11 ? "StatusList2021" : "BitstringStatusList",
                        ["statusPurpose"] = StatusPurposes.Revocation,
                        ["encodedList"] = bits.Encode(MultibasePrefix ?? !vc11),
                    },
                    ValidFrom = _space.Clock.GetUtcNow().AddDays(-1),
                },
                Signer,
                profile);
            _space.StatusLists.Publish(ListUrl(profile), jwt);
        }
    }
}

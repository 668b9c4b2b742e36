using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dataspace.Plugins.Compute.Kuscia.Api;

namespace Dataspace.Plugins.Compute.Kuscia;

/// <summary>
/// Signs a DomainDataGrant the way Kuscia's DataMesh does (pkg/datamesh/metaserver/service/domaindatagrant.go,
/// signDomainDataGrant): RSA PKCS#1 v1.5 over SHA-256 of Go's encoding/json of the grant's spec
/// (pkg/crd/apis/kuscia/v1alpha1/domaindatagrant_types.go) with the signature left out, in base64.
/// </summary>
internal static class KusciaGrantSigner
{
    /// <summary>The JSON Kuscia signs: DomainDataGrantSpec's fields in declaration order, omitempty as tagged.</summary>
    public static string SpecJson(CreateGrantRequest grant)
    {
        var json = new StringBuilder("{");
        Member(json, "author", grant.DomainId).Append(',');
        Member(json, "domainDataID", grant.DomaindataId).Append(',');
        Member(json, "grantDomain", grant.GrantDomain);
        if (grant.Limit is { } limit)
        {
            json.Append(",\"limit\":{");
            var first = true;
            void Next()
            {
                if (!first)
                {
                    json.Append(',');
                }

                first = false;
            }

            if (limit.ExpirationTime > 0)
            {
                Next();
                // metav1.Time marshals as RFC 3339 in UTC, whole seconds.
                var expiry = DateTimeOffset.FromUnixTimeSeconds(limit.ExpirationTime / 1_000_000_000).UtcDateTime;
                Member(json, "expirationTime", expiry.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            }

            if (limit.UseCount != 0)
            {
                Next();
                json.Append("\"useCount\":").Append(limit.UseCount.ToString(CultureInfo.InvariantCulture));
            }

            // DataMesh marks every grant it creates as a normal grant before signing.
            Next();
            json.Append("\"grantMode\":[\"normal\"]");
            if (!string.IsNullOrEmpty(limit.FlowId))
            {
                Next();
                Member(json, "flowID", limit.FlowId);
            }

            if (limit.Components is { Count: > 0 } components)
            {
                Next();
                json.Append("\"components\":[");
                for (var i = 0; i < components.Count; i++)
                {
                    json.Append(i == 0 ? string.Empty : ",");
                    GoString(json, components[i]);
                }

                json.Append(']');
            }

            if (!string.IsNullOrEmpty(limit.Initiator))
            {
                Next();
                Member(json, "initiator", limit.Initiator);
            }

            if (!string.IsNullOrEmpty(limit.InputConfig))
            {
                Next();
                Member(json, "inputConfig", limit.InputConfig);
            }

            json.Append('}');
        }

        if (grant.Description is { Count: > 0 } description)
        {
            // encoding/json writes a map's keys sorted by their bytes.
            json.Append(",\"description\":{");
            var i = 0;
            foreach (var (key, value) in description.OrderBy(d => d.Key, StringComparer.Ordinal))
            {
                json.Append(i++ == 0 ? string.Empty : ",");
                Member(json, key, value);
            }

            json.Append('}');
        }

        return json.Append('}').ToString();
    }

    /// <summary>The base64 signature of <paramref name="grant"/> with <paramref name="key"/>.</summary>
    public static string Sign(CreateGrantRequest grant, RSA key)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(SpecJson(grant)));
        return Convert.ToBase64String(key.SignHash(digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    /// <summary>Whether <paramref name="signature"/> is <paramref name="grant"/>'s, by the domain's public key.</summary>
    public static bool Verify(CreateGrantRequest grant, string signature, RSA publicKey)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(SpecJson(grant)));
        Span<byte> bytes = stackalloc byte[1024];
        return Convert.TryFromBase64String(signature, bytes, out var written)
            && publicKey.VerifyHash(digest, bytes[..written], HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    private static StringBuilder Member(StringBuilder json, string name, string value)
    {
        GoString(json, name);
        json.Append(':');
        GoString(json, value);
        return json;
    }

    // encoding/json's string escaping: quotes, backslashes and control characters, and also <, >, & and U+2028/9;
    // other characters stay as they are (UTF-8).
    private static void GoString(StringBuilder json, string value)
    {
        json.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\n': json.Append("\\n"); break;
                case '\r': json.Append("\\r"); break;
                case '\t': json.Append("\\t"); break;
                case '<' or '>' or '&' or '\u2028' or '\u2029' or < ' ':
                    json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default: json.Append(c); break;
            }
        }

        json.Append('"');
    }
}

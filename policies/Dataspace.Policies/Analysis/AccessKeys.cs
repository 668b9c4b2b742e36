using System.Globalization;
using System.Text.Json;
using Dataspace.Policies.Compilation;
using Dataspace.Policies.Evaluation;
using Dataspace.Policies.Model;

namespace Dataspace.Policies.Analysis;

/// <summary>
/// The keys that index access policies by what they need of a requester: <see cref="Everyone"/>, a credential type,
/// or a string claim value at a path of a credential. A requester holds the keys of its verified claims.
/// </summary>
public static class AccessKeys
{
    /// <summary>The key every requester holds.</summary>
    public const string Everyone = "*";

    /// <summary>How many keys a requester's claims may yield before indexing gives up on them (and every offer is evaluated).</summary>
    public const int MaxKeys = 4096;

    // Claim paths deeper than this are not enumerated; a requester with deeper claims is not pruned at all.
    private const int MaxDepth = 16;

    // A separator that no credential type or path segment normally holds; a clash could only add candidates, never hide one.
    private const char Separator = '\u001f';

    /// <summary>
    /// Every key the requester holds, or null when its claims are too large to enumerate (then nothing may be pruned).
    /// </summary>
    public static IReadOnlySet<string>? For(RequestingParty party)
    {
        ArgumentNullException.ThrowIfNull(party);
        var keys = new HashSet<string>(StringComparer.Ordinal) { Everyone };
        foreach (var (type, claims) in party.Claims)
        {
            keys.Add(Credential(type));
            if (!Collect(keys, type, "", claims, 0))
            {
                return null;
            }
        }

        return keys;
    }

    /// <summary>The key of holding a verified credential of <paramref name="type"/>.</summary>
    internal static string Credential(string type) => "c" + Separator + type;

    /// <summary>The key of holding the string <paramref name="text"/> at <paramref name="path"/> (dot-separated) of a credential of <paramref name="type"/>.</summary>
    internal static string Value(string type, string path, string text) => "v" + Separator + type + Separator + path + Separator + text;

    // Mirrors how a claim: operand observes a value (LeftOperand.Observe, PolicyValueJson.FromElement): a string, or an
    // array whose members are all scalars, at every path reachable through object members and array indices.
    private static bool Collect(HashSet<string> keys, string type, string path, JsonElement element, int depth)
    {
        if (depth > MaxDepth || keys.Count > MaxKeys)
        {
            return false;
        }

        if (path.Length > 0)
        {
            var observed = PolicyValueJson.FromElement(element);
            if (observed.Kind is PolicyValueKind.Text)
            {
                keys.Add(Value(type, path, observed.Text!));
            }
            else if (observed.Kind is PolicyValueKind.Set)
            {
                foreach (var item in observed.Items)
                {
                    if (item.Kind is PolicyValueKind.Text)
                    {
                        keys.Add(Value(type, path, item.Text!));
                    }
                }
            }
        }

        var prefix = path.Length == 0 ? "" : path + ".";
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var member in element.EnumerateObject())
                {
                    if (!Collect(keys, type, prefix + member.Name, member.Value, depth + 1))
                    {
                        return false;
                    }
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (!Collect(keys, type, prefix + index.ToString(CultureInfo.InvariantCulture), item, depth + 1))
                    {
                        return false;
                    }

                    index++;
                }

                break;
        }

        return keys.Count <= MaxKeys;
    }
}

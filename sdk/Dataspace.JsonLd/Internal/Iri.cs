using System.Text;

namespace Dataspace.JsonLd.Internal;

/// <summary>IRI checks, RFC 3986 reference resolution and relative IRI creation, on strings (System.Uri normalises too much).</summary>
internal static class Iri
{
    /// <summary>True when the value has a scheme followed by a colon and contains no whitespace.</summary>
    public static bool IsAbsolute(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !char.IsAsciiLetter(value[0]))
        {
            return false;
        }

        for (var i = 1; i < colon; i++)
        {
            var c = value[i];
            if (!char.IsAsciiLetterOrDigit(c) && c != '+' && c != '-' && c != '.')
            {
                return false;
            }
        }

        foreach (var c in value)
        {
            if (c is ' ' or '\t' or '\n' or '\r' or '<' or '>' or '"' or '{' or '}' or '|' or '\\' or '^' or '`')
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsBlankNode(string value) => value.StartsWith("_:", StringComparison.Ordinal);

    /// <summary>Ends with one of the RFC 3986 gen-delims, so that the IRI can serve as a prefix.</summary>
    public static bool EndsWithGenDelim(string value) =>
        value.Length > 0 && value[^1] is ':' or '/' or '?' or '#' or '[' or ']' or '@';

    /// <summary>Resolves a reference against a base IRI (RFC 3986 section 5.2); a null base leaves the reference as it is.</summary>
    public static string Resolve(string? baseIri, string reference)
    {
        if (baseIri is null || IsAbsolute(reference))
        {
            return IsAbsolute(reference) ? ResolveAbsolute(reference) : reference;
        }

        var b = Parse(baseIri);
        var r = Parse(reference);
        string? scheme = b.Scheme, authority, query;
        string path;
        if (r.Authority is not null)
        {
            authority = r.Authority;
            path = RemoveDotSegments(r.Path);
            query = r.Query;
        }
        else
        {
            authority = b.Authority;
            if (r.Path.Length == 0)
            {
                path = b.Path;
                query = r.Query ?? b.Query;
            }
            else
            {
                path = r.Path[0] == '/' ? RemoveDotSegments(r.Path) : RemoveDotSegments(Merge(b, r.Path));
                query = r.Query;
            }
        }

        return Compose(scheme, authority, path, query, r.Fragment);
    }

    private static string ResolveAbsolute(string iri)
    {
        // An absolute IRI still has its dot segments removed, as RFC 3986 does for a reference with a scheme.
        if (!iri.Contains("/.", StringComparison.Ordinal))
        {
            return iri;
        }

        var p = Parse(iri);
        return Compose(p.Scheme, p.Authority, RemoveDotSegments(p.Path), p.Query, p.Fragment);
    }

    /// <summary>Makes an IRI relative to a base IRI, or returns it unchanged when they share no scheme and authority.</summary>
    public static string Relativize(string baseIri, string iri)
    {
        var b = Parse(baseIri);
        var t = Parse(iri);
        if (b.Scheme != t.Scheme || b.Authority != t.Authority || b.Scheme is null)
        {
            return iri;
        }

        if (b.Path == t.Path && b.Query == t.Query)
        {
            // Same document: a fragment, or else the last path segment (an empty reference would be lost on a round trip).
            if (t.Fragment is not null)
            {
                return "#" + t.Fragment;
            }

            var last = t.Path[(t.Path.LastIndexOf('/') + 1)..];
            return last.Length == 0 ? "./" : last;
        }

        var suffix = (t.Query is null ? string.Empty : "?" + t.Query) + (t.Fragment is null ? string.Empty : "#" + t.Fragment);
        if (b.Path == t.Path)
        {
            return suffix.Length == 0 ? string.Empty : suffix;
        }

        var baseSegments = b.Path.Split('/');
        var targetSegments = t.Path.Split('/');
        var common = 0;
        while (common < baseSegments.Length - 1 && common < targetSegments.Length - 1 && baseSegments[common] == targetSegments[common])
        {
            common++;
        }

        var sb = new StringBuilder();
        for (var i = common; i < baseSegments.Length - 1; i++)
        {
            sb.Append("../");
        }

        sb.AppendJoin('/', targetSegments.Skip(common));
        var rel = sb.ToString();
        if (rel.Length == 0)
        {
            rel = "./";
        }
        else if (rel.Contains(':', StringComparison.Ordinal) && rel.IndexOf(':', StringComparison.Ordinal) < (rel.IndexOf('/', StringComparison.Ordinal) is var s && s < 0 ? int.MaxValue : s))
        {
            // A first segment with a colon would read as a scheme.
            rel = "./" + rel;
        }

        return rel + suffix;
    }

    private static string Merge(Parts b, string relPath)
    {
        if (b.Authority is not null && b.Path.Length == 0)
        {
            return "/" + relPath;
        }

        var slash = b.Path.LastIndexOf('/');
        return slash < 0 ? relPath : string.Concat(b.Path.AsSpan(0, slash + 1), relPath);
    }

    private static string RemoveDotSegments(string path)
    {
        if (!path.Contains('.', StringComparison.Ordinal))
        {
            return path;
        }

        var input = path;
        var output = new List<string>();
        var i = 0;
        while (i < input.Length)
        {
            var rest = input.AsSpan(i);
            if (rest.StartsWith("../"))
            {
                i += 3;
            }
            else if (rest.StartsWith("./"))
            {
                i += 2;
            }
            else if (rest.StartsWith("/./"))
            {
                i += 2;
            }
            else if (rest.SequenceEqual("/."))
            {
                input = input[..i] + "/";
            }
            else if (rest.StartsWith("/../"))
            {
                i += 3;
                if (output.Count > 0)
                {
                    output.RemoveAt(output.Count - 1);
                }
            }
            else if (rest.SequenceEqual("/.."))
            {
                input = input[..i] + "/";
                if (output.Count > 0)
                {
                    output.RemoveAt(output.Count - 1);
                }
            }
            else if (rest.SequenceEqual(".") || rest.SequenceEqual(".."))
            {
                i = input.Length;
            }
            else
            {
                var start = rest[0] == '/' ? 1 : 0;
                var next = rest[start..].IndexOf('/');
                var len = next < 0 ? rest.Length : next + start;
                output.Add(rest[..len].ToString());
                i += len;
            }
        }

        return string.Concat(output);
    }

    private static string Compose(string? scheme, string? authority, string path, string? query, string? fragment)
    {
        var sb = new StringBuilder();
        if (scheme is not null)
        {
            sb.Append(scheme).Append(':');
        }

        if (authority is not null)
        {
            sb.Append("//").Append(authority);
        }

        sb.Append(path);
        if (query is not null)
        {
            sb.Append('?').Append(query);
        }

        if (fragment is not null)
        {
            sb.Append('#').Append(fragment);
        }

        return sb.ToString();
    }

    private readonly record struct Parts(string? Scheme, string? Authority, string Path, string? Query, string? Fragment);

    private static Parts Parse(string value)
    {
        string? scheme = null, authority = null, query = null, fragment = null;
        var rest = value;
        var hash = rest.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            fragment = rest[(hash + 1)..];
            rest = rest[..hash];
        }

        var q = rest.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0)
        {
            query = rest[(q + 1)..];
            rest = rest[..q];
        }

        if (IsAbsolute(value))
        {
            var colon = rest.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                scheme = rest[..colon];
                rest = rest[(colon + 1)..];
            }
        }

        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            var slash = rest.IndexOf('/', 2);
            authority = slash < 0 ? rest[2..] : rest[2..slash];
            rest = slash < 0 ? string.Empty : rest[slash..];
        }

        return new Parts(scheme, authority, rest, query, fragment);
    }
}

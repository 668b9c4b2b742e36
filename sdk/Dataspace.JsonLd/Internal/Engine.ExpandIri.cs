namespace Dataspace.JsonLd.Internal;

/// <summary>IRI Expansion (JSON-LD 1.1 API, 5.2).</summary>
internal sealed partial class Engine
{
    /// <summary>IRI expansion while a context is being processed: may define terms of the local context on the way.</summary>
    private async ValueTask<string?> ExpandIriAsync(ActiveContext active, string? value, bool documentRelative, bool vocab, DefineScope? scope)
    {
        if (value is null || Keywords.IsKeyword(value))
        {
            return value;
        }

        if (Keywords.HasKeywordForm(value))
        {
            return null;
        }

        if (scope is not null)
        {
            if (scope.LocalContext.ContainsKey(value) && !(scope.Defined.TryGetValue(value, out var d) && d))
            {
                await CreateTermDefinitionAsync(active, scope, value).ConfigureAwait(false);
            }

            var colon = value.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && value.AsSpan(colon + 1) is var suffix && !suffix.StartsWith("//"))
            {
                var prefix = value[..colon];
                if (prefix != "_" && scope.LocalContext.ContainsKey(prefix) && !(scope.Defined.TryGetValue(prefix, out var pd) && pd))
                {
                    await CreateTermDefinitionAsync(active, scope, prefix).ConfigureAwait(false);
                }
            }
        }

        return ExpandIri(active, value, documentRelative, vocab);
    }

    /// <summary>IRI Expansion (5.2) against a finished active context.</summary>
    public static string? ExpandIri(ActiveContext active, string? value, bool documentRelative, bool vocab)
    {
        if (value is null || Keywords.IsKeyword(value))
        {
            return value;
        }

        if (Keywords.HasKeywordForm(value))
        {
            return null;
        }

        var definition = active.Term(value);
        if (definition is not null && Keywords.IsKeyword(definition.Iri))
        {
            return definition.Iri;
        }

        if (vocab && definition is not null)
        {
            return definition.Iri;
        }

        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0)
        {
            var prefix = value[..colon];
            var suffix = value.AsSpan(colon + 1);
            if (prefix == "_" || suffix.StartsWith("//"))
            {
                return value;
            }

            // JSON-LD 1.0 had no prefix flag: any term could be a prefix.
            if (active.Term(prefix) is { Iri: { } prefixIri } prefixDefinition && (prefixDefinition.Prefix || active.Is10))
            {
                return string.Concat(prefixIri, suffix);
            }

            if (Iri.IsAbsolute(value))
            {
                return value;
            }
        }

        if (vocab && active.Vocab is not null)
        {
            return active.Vocab + value;
        }

        if (documentRelative)
        {
            return Iri.Resolve(active.BaseIri, value);
        }

        return value;
    }
}

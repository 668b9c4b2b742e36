namespace Dataspace.JsonLd.Internal;

/// <summary>The inverse context (JSON-LD 1.1 API, 6.1): for an IRI, container and type or language, the term to compact to.</summary>
internal sealed class InverseContext
{
    private readonly Dictionary<string, Dictionary<string, Entry>> _byIri = new(StringComparer.Ordinal);

    /// <summary>The terms for one IRI and container kind, by language (or "lang_dir") and by type.</summary>
    internal sealed class Entry(string anyTerm)
    {
        public Dictionary<string, string> Language { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> Type { get; } = new(StringComparer.Ordinal);

        public string Any { get; } = anyTerm;
    }

    public bool TryGet(string iri, out Dictionary<string, Entry> containers) => _byIri.TryGetValue(iri, out containers!);

    public static InverseContext Create(ActiveContext active)
    {
        var inverse = new InverseContext();
        var defaultLanguage = active.DefaultLanguage?.ToLowerInvariant() ?? Keywords.None;
        var terms = active.Terms.Keys.ToList();
        terms.Sort((a, b) => a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b));
        foreach (var term in terms)
        {
            var definition = active.Terms[term];
            if (definition?.Iri is null)
            {
                continue;
            }

            var container = definition.Container is { Count: > 0 } ? definition.ContainerKey : Keywords.None;
            if (!inverse._byIri.TryGetValue(definition.Iri, out var containers))
            {
                containers = new Dictionary<string, Entry>(StringComparer.Ordinal);
                inverse._byIri[definition.Iri] = containers;
            }

            if (!containers.TryGetValue(container, out var entry))
            {
                entry = new Entry(term);
                containers[container] = entry;
            }

            var languages = entry.Language;
            var types = entry.Type;
            if (definition.Reverse)
            {
                types.TryAdd(Keywords.Reverse, term);
            }
            else if (definition.Type == Keywords.None)
            {
                languages.TryAdd(Keywords.Any, term);
                types.TryAdd(Keywords.Any, term);
            }
            else if (definition.Type is not null)
            {
                types.TryAdd(definition.Type, term);
            }
            else if (definition is { HasLanguage: true, HasDirection: true })
            {
                var key = (definition.Language, definition.Direction) switch
                {
                    (not null, not null) => $"{definition.Language}_{definition.Direction}",
                    (not null, null) => definition.Language,
                    (null, not null) => "_" + definition.Direction,
                    _ => "@null",
                };
                languages.TryAdd(key.ToLowerInvariant(), term);
            }
            else if (definition.HasLanguage)
            {
                languages.TryAdd(definition.Language?.ToLowerInvariant() ?? "@null", term);
            }
            else if (definition.HasDirection)
            {
                languages.TryAdd(definition.Direction is null ? Keywords.None : "_" + definition.Direction, term);
            }
            else if (active.DefaultDirection is not null)
            {
                languages.TryAdd($"{defaultLanguage}_{active.DefaultDirection}".ToLowerInvariant(), term);
                languages.TryAdd(Keywords.None, term);
                types.TryAdd(Keywords.None, term);
            }
            else
            {
                languages.TryAdd(defaultLanguage, term);
                languages.TryAdd(Keywords.None, term);
                types.TryAdd(Keywords.None, term);
            }
        }

        return inverse;
    }
}

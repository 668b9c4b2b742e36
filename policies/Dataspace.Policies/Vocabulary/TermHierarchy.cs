using System.Collections.Frozen;

namespace Dataspace.Policies.Vocabulary;

/// <summary>A taxonomy of terms (purposes, regions, industries) used by isA, isPartOf, hasPart, isAnyOf and isNoneOf.</summary>
/// <remarks>
/// Terms are compared case-insensitively and may be given as IRIs in <see cref="Namespace"/> or as their local names.
/// Immutable and thread-safe.
/// </remarks>
public sealed class TermHierarchy
{
    private readonly FrozenDictionary<string, string[]> _parents;

    /// <summary>Creates a hierarchy from (term, parents) pairs.</summary>
    public TermHierarchy(string @namespace, IEnumerable<KeyValuePair<string, string[]>> parents)
    {
        ArgumentNullException.ThrowIfNull(parents);
        Namespace = @namespace;
        var map = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var (term, termParents) in parents)
        {
            map[Normalize(term)] = [.. termParents.Select(Normalize)];
        }

        _parents = map.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The namespace whose IRIs are equivalent to their local names.</summary>
    public string Namespace { get; }

    /// <summary>Every term the hierarchy knows, by local name or IRI.</summary>
    public IEnumerable<string> Terms => _parents.Keys;

    /// <summary>The local name for IRIs in <see cref="Namespace"/>; other terms unchanged.</summary>
    public string Normalize(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        return term.StartsWith(Namespace, StringComparison.OrdinalIgnoreCase) ? term[Namespace.Length..] : term;
    }

    /// <summary>Whether <paramref name="term"/> equals <paramref name="ancestor"/> or lies below it.</summary>
    public bool IsWithin(string term, string ancestor)
    {
        var target = Normalize(ancestor);
        var pending = new Stack<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        pending.Push(Normalize(term));
        while (pending.TryPop(out var current))
        {
            if (string.Equals(current, target, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (seen.Add(current) && _parents.TryGetValue(current, out var parents))
            {
                foreach (var parent in parents)
                {
                    pending.Push(parent);
                }
            }
        }

        return WithinByStructure(Normalize(term), target);
    }

    /// <summary>
    /// The set of spellings (local names and IRIs) of <paramref name="ancestor"/> and every known term below it,
    /// compiled once so that evaluation is one lookup.
    /// </summary>
    public FrozenSet<string> CompileWithin(string ancestor)
    {
        var spellings = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var normalized = Normalize(ancestor);
        AddSpellings(spellings, normalized);
        foreach (var term in _parents.Keys)
        {
            if (IsWithin(term, normalized))
            {
                AddSpellings(spellings, term);
            }
        }

        return spellings.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>A test, compiled once, of whether a term lies within <paramref name="ancestor"/>.</summary>
    public Func<string, bool> CompileMatcher(string ancestor) => CompileMatcher(CompileWithin(ancestor));

    /// <summary>A test, compiled once, of whether a term lies within any term of a compiled spelling set.</summary>
    public Func<string, bool> CompileMatcher(FrozenSet<string> within)
    {
        ArgumentNullException.ThrowIfNull(within);
        if (!IsRegionHierarchy)
        {
            return within.Contains;
        }

        // Subdivision codes (ISO 3166-2) are not enumerated: CN-GD lies within whatever CN lies within.
        var lookup = within.GetAlternateLookup<ReadOnlySpan<char>>();
        return term => within.Contains(term) || (term.Length > 3 && term[2] == '-' && lookup.Contains(term.AsSpan(0, 2)));
    }

    /// <summary>The set of spellings of <paramref name="term"/> and every term above it.</summary>
    public FrozenSet<string> CompileAbove(string term)
    {
        var spellings = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Stack<string>();
        pending.Push(Normalize(term));
        while (pending.TryPop(out var current))
        {
            if (spellings.Contains(current))
            {
                continue;
            }

            AddSpellings(spellings, current);
            if (_parents.TryGetValue(current, out var parents))
            {
                foreach (var parent in parents)
                {
                    pending.Push(parent);
                }
            }

            var structural = StructuralParent(current);
            if (structural is not null)
            {
                pending.Push(structural);
            }
        }

        return spellings.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Whether a term lies below another through its spelling alone (ISO 3166-2 <c>CN-GD</c> below <c>CN</c>).</summary>
    internal bool WithinByStructure(string term, string ancestor)
    {
        for (var parent = StructuralParent(term); parent is not null; parent = StructuralParent(parent))
        {
            if (string.Equals(parent, ancestor, StringComparison.OrdinalIgnoreCase) || IsWithin(parent, ancestor))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>For region hierarchies, the country of an ISO 3166-2 subdivision code; null otherwise.</summary>
    internal string? StructuralParent(string term)
    {
        if (!IsRegionHierarchy)
        {
            return null;
        }

        var dash = term.IndexOf('-', StringComparison.Ordinal);
        return dash == 2 && term.Length > 3 ? term[..2] : null;
    }

    private bool IsRegionHierarchy => string.Equals(Namespace, PolicyVocabulary.RegionNamespace, StringComparison.Ordinal);

    private void AddSpellings(HashSet<string> spellings, string term)
    {
        spellings.Add(term);
        if (!term.Contains(':', StringComparison.Ordinal))
        {
            spellings.Add(Namespace + term);
        }
    }
}

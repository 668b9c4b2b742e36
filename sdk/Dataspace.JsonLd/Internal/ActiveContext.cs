using System.Collections.Concurrent;

namespace Dataspace.JsonLd.Internal;

/// <summary>An active context. Treated as immutable once processing that created it has finished, so it can be cached and shared.</summary>
internal sealed class ActiveContext
{
    private InverseContext? _inverse;
    private List<KeyValuePair<string, string>>? _prefixes;
    private ConcurrentDictionary<DerivedKey, ActiveContext>? _derived;

    public ActiveContext(string? baseIri, string processingMode)
    {
        BaseIri = baseIri;
        OriginalBaseUrl = baseIri;
        ProcessingMode = processingMode;
    }

    public string? BaseIri { get; set; }

    public string? OriginalBaseUrl { get; set; }

    public string? Vocab { get; set; }

    public string? DefaultLanguage { get; set; }

    public string? DefaultDirection { get; set; }

    public ActiveContext? PreviousContext { get; set; }

    public string ProcessingMode { get; }

    public bool Is10 => ProcessingMode == JsonLdOptions.JsonLd10;

    public Dictionary<string, TermDefinition?> Terms { get; private set; } = new(StringComparer.Ordinal);

    public bool HasProtectedTerms
    {
        get
        {
            foreach (var t in Terms.Values)
            {
                if (t is { Protected: true })
                {
                    return true;
                }
            }

            return false;
        }
    }

    public TermDefinition? Term(string? term) => term is not null && Terms.TryGetValue(term, out var def) ? def : null;

    public ActiveContext Clone()
    {
        var c = (ActiveContext)MemberwiseClone();
        c.Terms = new Dictionary<string, TermDefinition?>(Terms, StringComparer.Ordinal);
        c._inverse = null;
        c._prefixes = null;
        c._derived = null;
        return c;
    }

    public InverseContext Inverse => _inverse ??= InverseContext.Create(this);

    /// <summary>The terms that may serve as the prefix of a compact IRI, with their IRIs (compaction tries only these).</summary>
    public List<KeyValuePair<string, string>> Prefixes => _prefixes ??= Terms
        .Where(t => t.Value is { Prefix: true, Iri: { } iri } && !Keywords.IsKeyword(iri))
        .Select(t => KeyValuePair.Create(t.Key, t.Value!.Iri!))
        .ToList();

    /// <summary>Results of processing a local context on top of this one, for local contexts that are stable objects (URLs, scoped contexts).</summary>
    public ConcurrentDictionary<DerivedKey, ActiveContext> Derived
    {
        get
        {
            if (_derived is null)
            {
                Interlocked.CompareExchange(ref _derived, new ConcurrentDictionary<DerivedKey, ActiveContext>(), null);
            }

            return _derived;
        }
    }

    internal readonly record struct DerivedKey(object LocalContext, string? BaseUrl, bool OverrideProtected, bool Propagate);
}

using System.Text.Json.Nodes;

namespace Dataspace.JsonLd.Internal;

/// <summary>A term definition of an active context; immutable once the context is built.</summary>
internal sealed class TermDefinition
{
    /// <summary>The IRI mapping; null when the term is explicitly mapped to null.</summary>
    public string? Iri { get; set; }

    public bool Prefix { get; set; }

    public bool Protected { get; set; }

    public bool Reverse { get; set; }

    public string? BaseUrl { get; set; }

    /// <summary>The scoped context (raw, processed when the term is used).</summary>
    public JsonNode? LocalContext { get; set; }

    public bool HasLocalContext { get; set; }

    /// <summary>Container mapping, kept sorted so that lookups by joined string work.</summary>
    public IReadOnlyList<string>? Container { get; set; }

    public bool HasLanguage { get; set; }

    public string? Language { get; set; }

    public bool HasDirection { get; set; }

    public string? Direction { get; set; }

    public string? Index { get; set; }

    public string? Nest { get; set; }

    public string? Type { get; set; }

    public bool HasContainer(string kind)
    {
        if (Container is null)
        {
            return false;
        }

        foreach (var c in Container)
        {
            if (c == kind)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Equal in everything but the protected flag (the check for redefinition of a protected term).</summary>
    public bool SameAs(TermDefinition other) =>
        Iri == other.Iri && Prefix == other.Prefix && Reverse == other.Reverse && HasLocalContext == other.HasLocalContext
        && JsonNode.DeepEquals(LocalContext, other.LocalContext) && ContainerKey == other.ContainerKey
        && HasLanguage == other.HasLanguage && Language == other.Language && HasDirection == other.HasDirection
        && Direction == other.Direction && Index == other.Index && Nest == other.Nest && Type == other.Type;

    public string ContainerKey => Container is null ? string.Empty : string.Concat(Container);
}

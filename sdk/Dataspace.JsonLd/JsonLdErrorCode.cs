namespace Dataspace.JsonLd;

/// <summary>The error codes of the JSON-LD 1.1 API, plus the codes of this processor's limits against hostile input.</summary>
public static class JsonLdErrorCode
{
    /// <summary>Flattening met one node with two different @index values.</summary>
    public const string ConflictingIndexes = "conflicting indexes";
    /// <summary>json-ld-1.0 mode: a list directly inside a list.</summary>
    public const string ListOfLists = "list of lists";
    /// <summary>json-ld-1.0 mode: a context that includes itself.</summary>
    public const string RecursiveContextInclusion = "recursive context inclusion";
    /// <summary>Two properties expand to the same keyword.</summary>
    public const string CollidingKeywords = "colliding keywords";
    /// <summary>Compaction matched an IRI to a term that is itself an IRI.</summary>
    public const string IriConfusedWithPrefix = "IRI confused with prefix";
    /// <summary>A cycle in IRI mappings.</summary>
    public const string CyclicIriMapping = "cyclic IRI mapping";
    /// <summary>Too many nested remote contexts (also raised for context cycles).</summary>
    public const string ContextOverflow = "context overflow";
    /// <summary>An invalid @base.</summary>
    public const string InvalidBaseIri = "invalid base IRI";
    /// <summary>An invalid @direction.</summary>
    public const string InvalidBaseDirection = "invalid base direction";
    /// <summary>An invalid @container.</summary>
    public const string InvalidContainerMapping = "invalid container mapping";
    /// <summary>An entry not allowed in a context.</summary>
    public const string InvalidContextEntry = "invalid context entry";
    /// <summary>A context set to null while it has protected terms.</summary>
    public const string InvalidContextNullification = "invalid context nullification";
    /// <summary>An invalid @language in a context.</summary>
    public const string InvalidDefaultLanguage = "invalid default language";
    /// <summary>An invalid @id value.</summary>
    public const string InvalidIdValue = "invalid @id value";
    /// <summary>An invalid @import value.</summary>
    public const string InvalidImportValue = "invalid @import value";
    /// <summary>An invalid @included value.</summary>
    public const string InvalidIncludedValue = "invalid @included value";
    /// <summary>An invalid @index value.</summary>
    public const string InvalidIndexValue = "invalid @index value";
    /// <summary>An invalid IRI mapping of a term.</summary>
    public const string InvalidIriMapping = "invalid IRI mapping";
    /// <summary>A term mapped to @context.</summary>
    public const string InvalidKeywordAlias = "invalid keyword alias";
    /// <summary>An invalid language map value.</summary>
    public const string InvalidLanguageMapValue = "invalid language map value";
    /// <summary>An invalid @language mapping of a term.</summary>
    public const string InvalidLanguageMapping = "invalid language mapping";
    /// <summary>A language-tagged value that is not a string.</summary>
    public const string InvalidLanguageTaggedString = "invalid language-tagged string";
    /// <summary>A language-tagged value that is not a string.</summary>
    public const string InvalidLanguageTaggedValue = "invalid language-tagged value";
    /// <summary>A local context that is not a map, string or array.</summary>
    public const string InvalidLocalContext = "invalid local context";
    /// <summary>An invalid @nest value.</summary>
    public const string InvalidNestValue = "invalid @nest value";
    /// <summary>An invalid @prefix value.</summary>
    public const string InvalidPrefixValue = "invalid @prefix value";
    /// <summary>An invalid @propagate value.</summary>
    public const string InvalidPropagateValue = "invalid @propagate value";
    /// <summary>An invalid @protected value.</summary>
    public const string InvalidProtectedValue = "invalid @protected value";
    /// <summary>A remote context with no @context map.</summary>
    public const string InvalidRemoteContext = "invalid remote context";
    /// <summary>An invalid reverse property.</summary>
    public const string InvalidReversePropertyMap = "invalid reverse property map";
    /// <summary>An invalid reverse property definition.</summary>
    public const string InvalidReverseProperty = "invalid reverse property";
    /// <summary>A value or list object as a reverse property value.</summary>
    public const string InvalidReversePropertyValue = "invalid reverse property value";
    /// <summary>An invalid @reverse value.</summary>
    public const string InvalidReverseValue = "invalid @reverse value";
    /// <summary>A scoped context that fails to process.</summary>
    public const string InvalidScopedContext = "invalid scoped context";
    /// <summary>An invalid @set or @list object.</summary>
    public const string InvalidSetOrListObject = "invalid set or list object";
    /// <summary>An invalid term definition.</summary>
    public const string InvalidTermDefinition = "invalid term definition";
    /// <summary>An invalid @type mapping of a term.</summary>
    public const string InvalidTypeMapping = "invalid type mapping";
    /// <summary>An invalid @type value.</summary>
    public const string InvalidTypeValue = "invalid type value";
    /// <summary>A typed value whose @type is not an IRI.</summary>
    public const string InvalidTypedValue = "invalid typed value";
    /// <summary>An invalid value object.</summary>
    public const string InvalidValueObject = "invalid value object";
    /// <summary>An invalid @value.</summary>
    public const string InvalidValueObjectValue = "invalid value object value";
    /// <summary>An invalid @vocab.</summary>
    public const string InvalidVocabMapping = "invalid vocab mapping";
    /// <summary>An invalid @version.</summary>
    public const string InvalidVersionValue = "invalid @version value";
    /// <summary>A keyword redefined as a term.</summary>
    public const string KeywordRedefinition = "keyword redefinition";
    /// <summary>A document could not be loaded.</summary>
    public const string LoadingDocumentFailed = "loading document failed";
    /// <summary>A remote context could not be loaded.</summary>
    public const string LoadingRemoteContextFailed = "loading remote context failed";
    /// <summary>A JSON-LD 1.1 feature used in json-ld-1.0 mode.</summary>
    public const string ProcessingModeConflict = "processing mode conflict";
    /// <summary>A protected term redefined.</summary>
    public const string ProtectedTermRedefinition = "protected term redefinition";
    /// <summary>The input is not JSON, or not a JSON-LD document at all.</summary>
    public const string InvalidInput = "invalid input";
    /// <summary>The input nests deeper than <see cref="JsonLdOptions.MaxDepth"/>.</summary>
    public const string MaxDepthExceeded = "maximum depth exceeded";
    /// <summary>The input or a loaded document is larger than the configured limit.</summary>
    public const string MaxSizeExceeded = "maximum size exceeded";
}

using System.Collections.Frozen;

namespace Dataspace.Connector.Catalog;

/// <summary>
/// Data-product registration (数据产品登记): the credential type an authority issues for a registered dataset, the
/// catalog properties (full IRIs of our namespace, so any JSON-LD reader keeps them) that carry the record in a
/// provider's DSP catalog, and the values the metadata may take.
/// </summary>
public static class DataProductTerms
{
    /// <summary>The credential type of a registration record.</summary>
    public const string CredentialType = "DataProductRegistrationCredential";

    /// <summary>Our vocabulary for registration properties.</summary>
    public const string Namespace = "https://w3id.org/dataspace-connector/v1/registration#";

    /// <summary>The registration record: the authority's VC JWT.</summary>
    public const string Record = Namespace + "registrationRecord";

    /// <summary>The registration number the authority gave.</summary>
    public const string RegistrationNumber = Namespace + "registrationNumber";

    /// <summary>The classification level (数据分类分级): one of <see cref="ClassificationLevels"/>.</summary>
    public const string Classification = Namespace + "classification";

    /// <summary>Who owns the data (数据持有者).</summary>
    public const string Owner = Namespace + "owner";

    /// <summary>Where the data comes from (数据来源).</summary>
    public const string Source = Namespace + "source";

    /// <summary>The legal basis of holding and offering it.</summary>
    public const string LegalBasis = Namespace + "legalBasis";

    /// <summary>How often it is updated: an IRI of the EU frequency vocabulary (Dublin Core accrual periodicity).</summary>
    public const string AccrualPeriodicity = "http://purl.org/dc/terms/accrualPeriodicity";

    /// <summary>The EU Publications Office frequency vocabulary the update frequency is taken from.</summary>
    public const string FrequencyVocabulary = "http://publications.europa.eu/resource/authority/frequency/";

    /// <summary>The national data classification levels (核心数据, 重要数据, 一般数据), most protected first.</summary>
    public static readonly IReadOnlyList<string> ClassificationLevels = ["core", "important", "general"];

    /// <summary>The codes of the EU frequency vocabulary accepted as update frequency (the IRI is <see cref="FrequencyVocabulary"/> + code).</summary>
    public static readonly FrozenSet<string> FrequencyCodes = new[]
    {
        "CONT", "UPDATE_CONT", "1MIN", "5MIN", "10MIN", "15MIN", "30MIN", "HOURLY", "BIHOURLY", "TRIHOURLY", "12HRS",
        "DAILY", "DAILY_2", "DAILY_W", "WEEKLY", "WEEKLY_2", "WEEKLY_3", "BIWEEKLY", "MONTHLY", "MONTHLY_2", "MONTHLY_3",
        "BIMONTHLY", "QUARTERLY", "ANNUAL", "ANNUAL_2", "ANNUAL_3", "BIENNIAL", "TRIENNIAL", "QUADRENNIAL", "QUINQUENNIAL",
        "DECENNIAL", "BIDECENNIAL", "TRIDECENNIAL", "IRREG", "NEVER", "OTHER", "OP_DATPRO", "UNKNOWN",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The frequency IRI for a code (<c>DAILY</c>) or IRI of the EU vocabulary, or null when it is neither.</summary>
    public static string? FrequencyIri(string? value)
    {
        var text = value?.Trim() ?? "";
        var code = text.StartsWith(FrequencyVocabulary, StringComparison.Ordinal) ? text[FrequencyVocabulary.Length..] : text.ToUpperInvariant();
        return FrequencyCodes.Contains(code) ? FrequencyVocabulary + code : null;
    }
}

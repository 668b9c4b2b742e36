namespace Dataspace.Policies.Vocabulary;

/// <summary>The built-in purpose taxonomy and region hierarchy; a data space may replace either through the engine options.</summary>
public static class DefaultTaxonomies
{
    private static readonly string[] EuMembers =
    [
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT",
        "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
    ];

    private static readonly string[] AseanMembers = ["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"];

    /// <summary>
    /// Purposes under <see cref="PolicyVocabulary.PurposeNamespace"/>: Research (Academic, Scientific, Medical, Commercial,
    /// NonCommercial), RiskManagement (CreditRiskAssessment, FraudPrevention, InsuranceUnderwriting), Marketing,
    /// ServiceProvision, Analytics (StatisticalAnalysis, ModelTraining), LegalCompliance, PublicInterest.
    /// </summary>
    public static TermHierarchy Purposes { get; } = new(PolicyVocabulary.PurposeNamespace,
    [
        Term("Research"),
        Term("AcademicResearch", "Research"),
        Term("ScientificResearch", "Research"),
        Term("MedicalResearch", "ScientificResearch"),
        Term("CommercialResearch", "Research"),
        Term("NonCommercialResearch", "Research"),
        Term("RiskManagement"),
        Term("CreditRiskAssessment", "RiskManagement"),
        Term("FraudPrevention", "RiskManagement"),
        Term("InsuranceUnderwriting", "RiskManagement"),
        Term("Marketing"),
        Term("DirectMarketing", "Marketing"),
        Term("Advertising", "Marketing"),
        Term("ServiceProvision"),
        Term("ServiceImprovement", "ServiceProvision"),
        Term("Maintenance", "ServiceProvision"),
        Term("Analytics"),
        Term("StatisticalAnalysis", "Analytics"),
        Term("ModelTraining", "Analytics"),
        Term("LegalCompliance"),
        Term("PublicInterest"),
    ]);

    /// <summary>
    /// ISO 3166-1 alpha-2 codes grouped into EU, EEA, ASEAN and continents; ISO 3166-2 subdivision codes
    /// (<c>CN-GD</c>) lie within their country.
    /// </summary>
    public static TermHierarchy Regions { get; } = new(PolicyVocabulary.RegionNamespace, CreateRegions());

    /// <summary>An empty industry taxonomy: industries compare by equality until a data space supplies one.</summary>
    public static TermHierarchy Industries { get; } = new(PolicyVocabulary.Namespace + "industry/", []);

    private static KeyValuePair<string, string[]> Term(string term, params string[] parents) => new(term, parents);

    private static List<KeyValuePair<string, string[]>> CreateRegions()
    {
        var regions = new List<KeyValuePair<string, string[]>>
        {
            Term("EU", "EEA", "Europe"),
            Term("EEA", "Europe"),
            Term("IS", "EEA"), Term("LI", "EEA"), Term("NO", "EEA"),
            Term("CH", "Europe"), Term("GB", "Europe"), Term("UA", "Europe"), Term("RS", "Europe"), Term("TR", "Europe", "Asia"),
            Term("ASEAN", "Asia"),
            Term("CN", "Asia"), Term("HK", "Asia"), Term("MO", "Asia"), Term("TW", "Asia"), Term("JP", "Asia"),
            Term("KR", "Asia"), Term("IN", "Asia"), Term("AE", "Asia"), Term("SA", "Asia"), Term("IL", "Asia"),
            Term("US", "NorthAmerica"), Term("CA", "NorthAmerica"), Term("MX", "NorthAmerica"),
            Term("BR", "SouthAmerica"), Term("AR", "SouthAmerica"), Term("CL", "SouthAmerica"),
            Term("AU", "Oceania"), Term("NZ", "Oceania"),
            Term("ZA", "Africa"), Term("NG", "Africa"), Term("EG", "Africa"), Term("KE", "Africa"),
            Term("Europe"), Term("Asia"), Term("NorthAmerica"), Term("SouthAmerica"), Term("Oceania"), Term("Africa"),
        };
        regions.AddRange(EuMembers.Select(code => Term(code, "EU")));
        regions.AddRange(AseanMembers.Select(code => Term(code, "ASEAN", "Asia")));
        return regions;
    }
}

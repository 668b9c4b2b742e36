using System.ComponentModel.DataAnnotations;

namespace Dataspace.Connector.FederatedCatalog;

/// <summary>Federated catalog settings (configuration section <c>Connector:FederatedCatalog</c>): crawling the members' catalogs and searching them.</summary>
public sealed class FederatedCatalogOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Connector:FederatedCatalog";

    /// <summary>Whether this connector crawls the members' catalogs (search answers from what was crawled either way).</summary>
    public bool Enabled { get; set; }

    /// <summary>How long from the start of one crawl to the start of the next.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How many members are crawled at the same time.</summary>
    [Range(1, 256)]
    public int MaxParallelism { get; set; } = 16;

    /// <summary>How long one member's whole catalog (all its pages) may take; a member that does not answer in time is skipped until its back-off ends.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan MemberTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The first wait after a member failed; it doubles with each further failure up to <see cref="MaxBackoff"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between attempts at a failing member.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The most datasets kept of one member's catalog; a larger one is cut off there, with the reason recorded.</summary>
    [Range(1, 1_000_000)]
    public int MaxDatasetsPerMember { get; set; } = 20_000;

    /// <summary>The most catalog bytes read from one member per crawl (all pages); reading stops there and what was read is kept, with the reason recorded.</summary>
    [Range(1024, 1L << 32)]
    public long MaxBytesPerMember { get; set; } = 64L * 1024 * 1024;

    /// <summary>The most datasets kept over all members; a member whose part would go beyond it is cut off, with the reason recorded.</summary>
    [Range(1, 10_000_000)]
    public int MaxDatasetsTotal { get; set; } = 500_000;

    /// <summary>
    /// Whether members are first asked for their dataset digest manifest (our catalog request extension), so that a
    /// crawl fetches only the datasets that changed; members that do not offer it are crawled whole either way.
    /// </summary>
    public bool UseDigestManifest { get; set; } = true;

    /// <summary>How many changed datasets of one member are fetched at the same time when crawling by its manifest.</summary>
    [Range(1, 64)]
    public int DatasetFetchParallelism { get; set; } = 4;

    /// <summary>The authority whose participant registry lists the members (its base URL); needs a DCP identity. When set, <see cref="Members"/> and <see cref="MembersFile"/> are not read.</summary>
    public string? Registry { get; set; }

    /// <summary>The members to crawl when no registry is used (also read: <see cref="MembersFile"/>).</summary>
    public List<FederatedMemberOptions> Members { get; set; } = [];

    /// <summary>A JSON file (an array of members as in <see cref="Members"/>) read again before every crawl, so members can be added, removed or revoked while the connector runs.</summary>
    public string? MembersFile { get; set; }

    /// <summary>The search index database; relative paths are below the data folder.</summary>
    public string DatabaseFile { get; set; } = "federated-catalog.db";

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxBackoff < InitialBackoff)
        {
            yield return new ValidationResult($"{Section}:MaxBackoff ({MaxBackoff}) is shorter than {Section}:InitialBackoff ({InitialBackoff}); expected at least as long", [nameof(MaxBackoff)]);
        }

        for (var i = 0; i < Members.Count; i++)
        {
            if (Members[i].Problem() is { } problem)
            {
                yield return new ValidationResult($"{Section}:Members:{i}: {problem}", [nameof(Members)]);
            }
        }

        if (Registry is not null && (!Uri.TryCreate(Registry, UriKind.Absolute, out var registry) || registry.Scheme is not ("http" or "https")))
        {
            yield return new ValidationResult($"{Section}:Registry is '{Registry}'; expected the authority's absolute http(s) URL such as https://authority.example", [nameof(Registry)]);
        }

        if (string.IsNullOrWhiteSpace(DatabaseFile))
        {
            yield return new ValidationResult($"{Section}:DatabaseFile is empty; expected a file name such as federated-catalog.db", [nameof(DatabaseFile)]);
        }
    }
}

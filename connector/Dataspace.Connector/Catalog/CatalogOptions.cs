using System.ComponentModel.DataAnnotations;

namespace Dataspace.Connector.Catalog;

/// <summary>Catalog settings (configuration section <c>Connector:Catalog</c>).</summary>
public sealed class CatalogOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Connector:Catalog";

    /// <summary>How many datasets one catalog response holds; further ones are reached through its <c>Link: rel="next"</c> header.</summary>
    [Range(1, 10_000)]
    public int PageSize { get; set; } = 100;

    /// <summary>How many entries one page of the dataset digest manifest holds (<see cref="DatasetManifest"/>); an entry is about 150 bytes.</summary>
    [Range(1, 100_000)]
    public int ManifestPageSize { get; set; } = 1000;
}

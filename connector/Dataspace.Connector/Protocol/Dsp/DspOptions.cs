using System.ComponentModel.DataAnnotations;

namespace Dataspace.Connector.Protocol.Dsp;

/// <summary>Dataspace Protocol settings (configuration section <c>Connector:Dsp</c>).</summary>
public sealed class DspOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Connector:Dsp";

    /// <summary>The path DSP endpoints are served under.</summary>
    public const string BasePath = "/api/dsp";

    /// <summary>The URL peers reach our DSP endpoints at (announced in the catalog and as callback address); defaults to the listening address.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>Static bearer tokens accepted from peers, mapped to the participant id they identify (for closed test set-ups and the TCK; DCP replaces them).</summary>
    public Dictionary<string, string> StaticTokens { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The token we present to peers when DCP is not configured.</summary>
    public string? OutboundToken { get; set; }

    /// <summary>The largest DSP message accepted, in bytes.</summary>
    /// <remarks>At most 16 MiB, the largest request body the HTTP server reads.</remarks>
    [Range(1024, 16 * 1024 * 1024)]
    public long MaxMessageBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>The largest answer read from a peer, in bytes (each catalog page, each process state); a longer one is a failure, never buffered.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxResponseBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>The largest catalog assembled from a peer's pages, in bytes of the pages read.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxCatalogBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>The most datasets taken from a peer's catalog, over all its pages.</summary>
    [Range(1, int.MaxValue)]
    public int MaxCatalogDatasets { get; set; } = 100_000;

    /// <summary>How many times a message to a peer is tried before the process is terminated; with the back-off (0.1 s doubling, at most 10 s) the default waits about 50 s, longer than a peer takes to restart.</summary>
    [Range(1, 1000)]
    public int MaxDeliveryAttempts { get; set; } = 12;

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PublicUrl is not null && (!Uri.TryCreate(PublicUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")))
        {
            yield return new ValidationResult($"{Section}:PublicUrl is '{PublicUrl}'; expected the absolute http(s) URL peers reach the DSP endpoints at, such as https://bank.example/api/dsp", [nameof(PublicUrl)]);
        }

        // The token is a secret: name the participant it maps to, never the token.
        foreach (var (token, participant) in StaticTokens)
        {
            if (string.IsNullOrWhiteSpace(token) || string.IsNullOrWhiteSpace(participant))
            {
                yield return new ValidationResult($"{Section}:StaticTokens has an entry with an empty token or participant id ('{participant}'); expected token: participant id", [nameof(StaticTokens)]);
            }
        }
    }
}

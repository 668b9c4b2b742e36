using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace Dataspace.Plugins.Compute.Kuscia;

/// <summary>The plugin's settings, read once from <c>Plugins:ComputeKuscia</c> and checked before the connector starts.</summary>
internal sealed partial record KusciaOptions
{
    /// <summary>KusciaAPI's HTTP gateway, e.g. <c>https://kuscia-alice:8082/</c>.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>The KusciaAPI token (the content of Kuscia's <c>var/certs/token</c>), sent in the <c>Token</c> header.</summary>
    public required string Token { get; init; }

    /// <summary>This connector's Kuscia domain (node) id.</summary>
    public required string DomainId { get; init; }

    /// <summary>The participant id (DID) whose domain is <see cref="DomainId"/>: this connector.</summary>
    public required string ParticipantId { get; init; }

    /// <summary>Participant DIDs to Kuscia domain ids (<c>Domains:&lt;did&gt;</c>).</summary>
    public required IReadOnlyDictionary<string, string> Domains { get; init; }

    /// <summary>Asset ids to Kuscia domain data ids (<c>DomainData:&lt;assetId&gt;</c>); an asset not listed is its own id.</summary>
    public IReadOnlyDictionary<string, string> DomainData { get; init; } = new Dictionary<string, string>();

    /// <summary>PEM private keys (RSA) of the domains this connector signs grants for (<c>DomainKeys:&lt;domainId&gt;</c>).</summary>
    public IReadOnlyDictionary<string, string> DomainKeys { get; init; } = new Dictionary<string, string>();

    /// <summary>The client certificate for mutual TLS (PEM with <see cref="ClientKeyPath"/>, or PKCS#12); null without mTLS.</summary>
    public string? ClientCertificatePath { get; init; }

    /// <summary>The client certificate's PEM private key, when <see cref="ClientCertificatePath"/> is PEM.</summary>
    public string? ClientKeyPath { get; init; }

    /// <summary>The CA certificate (PEM) KusciaAPI's server certificate must chain to; null trusts the system's roots.</summary>
    public string? CaCertificatePath { get; init; }

    /// <summary>How long one KusciaAPI request may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The AppImage SecretFlow tasks run with.</summary>
    public string AppImage { get; init; } = "secretflow-image";

    /// <summary>The Kuscia data source SecretFlow reads inputs from and writes outputs to.</summary>
    public string DataSourceId { get; init; } = "default-data-source";

    /// <summary>The largest KusciaAPI answer (and watch event) read, in bytes.</summary>
    public int MaxResponseBytes { get; init; } = 1 << 20;

    /// <summary>The longest wait between two attempts to reopen the job watch stream.</summary>
    public TimeSpan MaxWatchBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How many times in a row the watch stream may fail before watching a job fails.</summary>
    public int MaxWatchAttempts { get; init; } = 10;

    /// <summary>Whether the plugin is configured at all (an <c>Endpoint</c> is set).</summary>
    public static bool IsConfigured(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[nameof(Endpoint)]);

    /// <summary>Whether <paramref name="id"/> is an RFC 1123 label, as Kuscia requires of every id.</summary>
    public static bool IsLabel(string? id) => id is { Length: > 0 and <= 63 } && Rfc1123Label().IsMatch(id);

    /// <summary>Reads the settings, failing with the key's name and what was expected.</summary>
    public static KusciaOptions Read(IConfiguration configuration, string section)
    {
        var endpointText = configuration[nameof(Endpoint)];
        if (!Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(endpoint.Query))
        {
            throw new InvalidOperationException($"{section}:{nameof(Endpoint)} '{endpointText}' must be KusciaAPI's absolute http(s) address, e.g. https://kuscia:8082/");
        }

        var token = configuration[nameof(Token)];
        if (string.IsNullOrWhiteSpace(token) || token.Any(char.IsControl))
        {
            throw new InvalidOperationException($"{section}:{nameof(Token)} must be set to KusciaAPI's token (the content of Kuscia's var/certs/token)");
        }

        var domainId = configuration[nameof(DomainId)];
        if (!IsLabel(domainId))
        {
            throw new InvalidOperationException($"{section}:{nameof(DomainId)} '{domainId}' must be this connector's Kuscia domain id (an RFC 1123 label)");
        }

        var domains = ReadMap(configuration, section, nameof(Domains));
        foreach (var (did, domain) in domains)
        {
            if (!did.StartsWith("did:", StringComparison.Ordinal) || !IsLabel(domain))
            {
                throw new InvalidOperationException($"{section}:{nameof(Domains)}:{did} '{domain}' must map a participant DID to a Kuscia domain id (an RFC 1123 label)");
            }
        }

        var selves = domains.Where(d => d.Value == domainId).Select(d => d.Key).ToList();
        if (selves.Count != 1)
        {
            throw new InvalidOperationException($"{section}:{nameof(Domains)} must map exactly one participant DID (this connector's) to {section}:{nameof(DomainId)} '{domainId}'; found {selves.Count}");
        }

        var data = ReadMap(configuration, section, nameof(DomainData));
        foreach (var (asset, id) in data)
        {
            if (!IsLabel(id))
            {
                throw new InvalidOperationException($"{section}:{nameof(DomainData)}:{asset} '{id}' must be a Kuscia domain data id (an RFC 1123 label)");
            }
        }

        var keys = ReadMap(configuration, section, nameof(DomainKeys));
        foreach (var (domain, path) in keys)
        {
            if (!IsLabel(domain) || !File.Exists(path))
            {
                throw new InvalidOperationException($"{section}:{nameof(DomainKeys)}:{domain} '{path}' must name an existing PEM private key file of that Kuscia domain");
            }
        }

        var certificate = ReadFile(configuration, section, nameof(ClientCertificatePath));
        var key = ReadFile(configuration, section, nameof(ClientKeyPath));
        if (key is not null && certificate is null)
        {
            throw new InvalidOperationException($"{section}:{nameof(ClientKeyPath)} is set but {section}:{nameof(ClientCertificatePath)} is not; set both for mutual TLS");
        }

        var defaults = new { AppImage = "secretflow-image", DataSourceId = "default-data-source" };
        var appImage = configuration[nameof(AppImage)] ?? defaults.AppImage;
        var dataSource = configuration[nameof(DataSourceId)] ?? defaults.DataSourceId;
        if (!IsLabel(appImage) || !IsLabel(dataSource))
        {
            throw new InvalidOperationException($"{section}:{nameof(AppImage)} and {section}:{nameof(DataSourceId)} must be Kuscia ids (RFC 1123 labels)");
        }

        return new KusciaOptions
        {
            Endpoint = endpoint.AbsoluteUri.EndsWith('/') ? endpoint : new Uri(endpoint.AbsoluteUri + "/"),
            Token = token.Trim(),
            DomainId = domainId!,
            ParticipantId = selves[0],
            Domains = domains,
            DomainData = data,
            DomainKeys = keys,
            ClientCertificatePath = certificate,
            ClientKeyPath = key,
            CaCertificatePath = ReadFile(configuration, section, nameof(CaCertificatePath)),
            Timeout = TimeSpan.FromSeconds(ReadNumber(configuration, section, "TimeoutSeconds", 30, 1, 3600)),
            AppImage = appImage,
            DataSourceId = dataSource,
            MaxResponseBytes = ReadNumber(configuration, section, nameof(MaxResponseBytes), 1 << 20, 1024, 64 << 20),
            MaxWatchBackoff = TimeSpan.FromSeconds(ReadNumber(configuration, section, "MaxWatchBackoffSeconds", 30, 1, 600)),
            MaxWatchAttempts = ReadNumber(configuration, section, nameof(MaxWatchAttempts), 10, 1, 1000),
        };
    }

    // A DID holds ':', the configuration's separator: the DID is every segment below the map's section, joined again.
    private static Dictionary<string, string> ReadMap(IConfiguration configuration, string section, string key)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var root = configuration.GetSection(key);
        Collect(root, root.Path.Length + 1, map);
        return map;

        static void Collect(IConfigurationSection node, int prefix, Dictionary<string, string> map)
        {
            foreach (var child in node.GetChildren())
            {
                if (child.Value is { } value)
                {
                    map[child.Path[prefix..]] = value;
                }

                Collect(child, prefix, map);
            }
        }
    }

    private static string? ReadFile(IConfiguration configuration, string section, string key)
    {
        var path = configuration[key];
        if (path is null)
        {
            return null;
        }

        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{section}:{key} '{path}' must name an existing file");
        }

        return path;
    }

    private static int ReadNumber(IConfiguration configuration, string section, string key, int fallback, int min, int max)
    {
        var text = configuration[key];
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new InvalidOperationException($"{section}:{key} '{text}' must be a whole number from {min} to {max}");
        }

        return value;
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc1123Label();
}

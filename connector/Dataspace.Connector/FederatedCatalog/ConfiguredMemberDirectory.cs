using System.Text.Json;
using Dataspace.Connector.Hosting;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.FederatedCatalog;

/// <summary>
/// The members configured in <c>Connector:FederatedCatalog:Members</c> and in the members file, read again for every
/// crawl: a data space without an authority, or one whose operator keeps the list by hand.
/// </summary>
public sealed class ConfiguredMemberDirectory : IMemberDirectory
{
    // The members file is written by an operator; a bound keeps a wrong file (a log, a dump) from being read whole.
    private const long MaxFileBytes = 16 * 1024 * 1024;

    private static readonly JsonSerializerOptions FileJson = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private readonly IOptionsMonitor<FederatedCatalogOptions> _options;
    private readonly IOptions<ConnectorOptions> _connector;

    /// <summary>Creates the directory.</summary>
    public ConfiguredMemberDirectory(IOptionsMonitor<FederatedCatalogOptions> options, IOptions<ConnectorOptions> connector)
    {
        _options = options;
        _connector = connector;
    }

    /// <inheritdoc/>
    public async Task<MemberListing> ListAsync(CancellationToken cancellationToken)
    {
        var options = _options.CurrentValue;
        var entries = new List<FederatedMemberOptions>(options.Members);
        if (!string.IsNullOrWhiteSpace(options.MembersFile))
        {
            entries.AddRange(await ReadFileAsync(Path.Combine(_connector.Value.DataDirectoryFullPath, options.MembersFile), cancellationToken).ConfigureAwait(false));
        }

        return Select(entries);
    }

    /// <summary>The crawlable members of <paramref name="entries"/>: valid, active, each DID once (the first entry wins).</summary>
    internal static MemberListing Select(IEnumerable<FederatedMemberOptions> entries)
    {
        var members = new List<CatalogMember>();
        var skipped = new List<SkippedMember>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (entry.Problem() is { } problem)
            {
                skipped.Add(new SkippedMember(entry.Did, problem));
            }
            else if (entry.Status == "revoked")
            {
                skipped.Add(new SkippedMember(entry.Did, "the member is revoked"));
            }
            else if (!seen.Add(entry.Did!))
            {
                skipped.Add(new SkippedMember(entry.Did, "the member is listed more than once; the first entry is used"));
            }
            else
            {
                var subspaces = entry.Subspaces.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).Distinct(StringComparer.Ordinal).ToList();
                members.Add(new CatalogMember(entry.Did!, string.IsNullOrWhiteSpace(entry.Name) ? entry.Did! : entry.Name, entry.DspEndpoint!.TrimEnd('/'), subspaces));
            }
        }

        return new MemberListing(members, skipped);
    }

    private static async Task<List<FederatedMemberOptions>> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new MemberDirectoryException($"the members file {path} ({FederatedCatalogOptions.Section}:MembersFile) does not exist");
        }

        if (info.Length > MaxFileBytes)
        {
            throw new MemberDirectoryException($"the members file {path} has {info.Length} bytes; at most {MaxFileBytes} are read");
        }

        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                return await JsonSerializer.DeserializeAsync<List<FederatedMemberOptions>>(stream, FileJson, cancellationToken).ConfigureAwait(false) ?? [];
            }
            catch (JsonException e)
            {
                throw new MemberDirectoryException($"the members file {path} is not a JSON array of members ({{\"did\", \"name\", \"dspEndpoint\", \"subspaces\", \"status\"}}): {e.Message}", e);
            }
        }
    }
}

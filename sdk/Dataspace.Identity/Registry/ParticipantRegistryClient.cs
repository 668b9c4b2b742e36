using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Dids;
using Dataspace.Identity.Jose;
using Dataspace.Identity.Trust;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dataspace.Identity.Registry;

/// <summary>
/// Reads a data-space authority's participant registry: pages through <c>GET …/registry/participants</c>, verifies each
/// signed entry and returns the accepted ones and the skipped ones with reasons.
/// </summary>
/// <remarks>
/// An entry is accepted only when its signature verifies against the document of its <c>iss</c>, <c>iss</c> is a trust
/// anchor, it has not expired, its status is <c>active</c>, and its <c>dspEndpoint</c> is the <c>DataService</c> entry of
/// the member's DID document. A bad entry never blocks the others; a registry that fails part-way leaves the entries of
/// the pages read before. Safe for concurrent use.
/// </remarks>
public sealed partial class ParticipantRegistryClient
{
    /// <summary>The most entries read from one registry.</summary>
    public const int MaxParticipants = 10_000;

    /// <summary>The largest page body read: 16 MiB.</summary>
    public const long MaxPageBytes = 16L * 1024 * 1024;

    /// <summary>The path of the listing below an authority's base URL.</summary>
    public const string ListingPath = "/registry/participants";

    private readonly HttpClient _http;
    private readonly DidJwsVerifier _signatures;
    private readonly DidResolverRegistry _resolver;
    private readonly ITrustAnchorProvider _anchors;
    private readonly TimeProvider _time;
    private readonly IdentityOptions _identity;
    private readonly ParticipantRegistryClientOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the client.</summary>
    /// <param name="http">The HTTP client (its own timeout should be at least <see cref="ParticipantRegistryClientOptions.RequestTimeout"/>).</param>
    /// <param name="signatures">Verifies entry signatures against the authority's DID document.</param>
    /// <param name="resolver">Resolves members' DID documents, for their <c>DataService</c> entries.</param>
    /// <param name="anchors">The trust anchors: only entries whose <c>iss</c> is one are accepted.</param>
    /// <param name="time">The clock.</param>
    /// <param name="identity">The clock leeway.</param>
    /// <param name="options">The bounds; null for the defaults.</param>
    /// <param name="logger">Where skipped entries and failed reads are logged; null for none.</param>
    public ParticipantRegistryClient(
        HttpClient http,
        DidJwsVerifier signatures,
        DidResolverRegistry resolver,
        ITrustAnchorProvider anchors,
        TimeProvider time,
        IdentityOptions identity,
        ParticipantRegistryClientOptions? options = null,
        ILogger<ParticipantRegistryClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(signatures);
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(anchors);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(identity);
        _http = http;
        _signatures = signatures;
        _resolver = resolver;
        _anchors = anchors;
        _time = time;
        _identity = identity;
        _options = options ?? new ParticipantRegistryClientOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxParticipants, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxPageBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.VerifyConcurrency, 1);
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>The listing URL of an authority: its base URL with <see cref="ListingPath"/>.</summary>
    public static Uri ListingUrl(Uri authority)
    {
        ArgumentNullException.ThrowIfNull(authority);
        var text = authority.AbsoluteUri.TrimEnd('/');
        return new Uri(text.EndsWith(ListingPath, StringComparison.Ordinal) ? text : text + ListingPath);
    }

    /// <summary>Reads every page of the registry at <paramref name="registry"/> (an authority's base URL or its listing URL).</summary>
    /// <remarks>A <c>next</c> link must stay on the registry's origin; one elsewhere, or a loop, stops the reading with an error.</remarks>
    public async Task<ParticipantRegistryReadResult> ReadAllAsync(Uri registry, CancellationToken cancellationToken)
    {
        var first = ListingUrl(registry);
        var accepted = new List<ParticipantRegistryEntry>();
        var skipped = new List<SkippedRegistryEntry>();
        var seenDids = new HashSet<string>(StringComparer.Ordinal);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var read = 0;
        Uri? next = first;
        while (next is not null)
        {
            if (!visited.Add(next.AbsoluteUri))
            {
                return Stop(first, $"the registry's next link {next} points to a page already read (a loop)");
            }

            var current = next;
            var (page, error) = await FetchAsync(current, cancellationToken).ConfigureAwait(false);
            if (page is null)
            {
                return Stop(first, error!);
            }

            using (page)
            {
                var root = page.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("participants", out var list) || list.ValueKind != JsonValueKind.Array)
                {
                    return Stop(first, $"GET {current} did not answer {{\"participants\": [...], \"next\": ...}}");
                }

                var tokens = list.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : null).ToList();
                var room = _options.MaxParticipants - read;
                var overBound = tokens.Count > room;
                read += Math.Min(tokens.Count, room);
                var verified = await VerifyManyAsync(tokens.Take(room).ToList(), cancellationToken).ConfigureAwait(false);
                foreach (var outcome in verified)
                {
                    if (outcome.Entry is { } entry && !seenDids.Add(entry.Did))
                    {
                        Skip(skipped, new SkippedRegistryEntry(entry.Did, "the registry lists this DID twice; the first entry is kept"));
                    }
                    else if (outcome.Entry is { } ok)
                    {
                        accepted.Add(ok);
                    }
                    else
                    {
                        Skip(skipped, outcome.Skipped!);
                    }
                }

                if (overBound)
                {
                    return Stop(first, $"the registry lists more than {_options.MaxParticipants} participants; the rest were not read");
                }

                if (!TryNext(root, first, out next, out var nextError))
                {
                    return Stop(first, nextError);
                }

                if (next is not null && tokens.Count == 0)
                {
                    return Stop(first, $"GET {current} answered an empty page with a next link");
                }
            }
        }

        return new ParticipantRegistryReadResult { Accepted = accepted, Skipped = skipped };

        ParticipantRegistryReadResult Stop(Uri url, string reason)
        {
            LogReadFailed(_logger, url.AbsoluteUri, reason);
            return new ParticipantRegistryReadResult { Accepted = accepted, Skipped = skipped, Error = reason };
        }
    }

    /// <summary>Looks one member up: <c>GET {listing}/{urlencoded DID}</c>, verified as every entry is.</summary>
    /// <returns>The entry in <see cref="ParticipantRegistryReadResult.Accepted"/>, or in <see cref="ParticipantRegistryReadResult.Skipped"/>
    /// with its reason, or neither with an <see cref="ParticipantRegistryReadResult.Error"/> (not listed, registry unreachable).</returns>
    public async Task<ParticipantRegistryReadResult> FindAsync(Uri registry, string did, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(did);
        var url = new Uri(ListingUrl(registry).AbsoluteUri + "/" + Uri.EscapeDataString(did));
        var (page, error) = await FetchAsync(url, cancellationToken).ConfigureAwait(false);
        if (page is null)
        {
            LogReadFailed(_logger, url.AbsoluteUri, error!);
            return new ParticipantRegistryReadResult { Accepted = [], Skipped = [], Error = error };
        }

        using (page)
        {
            var token = page.RootElement.ValueKind == JsonValueKind.Object && page.RootElement.TryGetProperty("participant", out var p) && p.ValueKind == JsonValueKind.String
                ? p.GetString()
                : null;
            if (token is null)
            {
                return new ParticipantRegistryReadResult { Accepted = [], Skipped = [], Error = $"GET {url} did not answer {{\"participant\": \"<JWS>\"}}" };
            }

            var outcome = await VerifyAsync(token, cancellationToken).ConfigureAwait(false);
            if (outcome.Entry is { } entry && entry.Did != did)
            {
                outcome = new VerifiedEntry(null, new SkippedRegistryEntry(entry.Did, $"asked for {did}, the registry answered the entry of {entry.Did}"));
            }

            if (outcome.Skipped is { } skip)
            {
                LogSkipped(_logger, skip.Did ?? "(unknown)", skip.Reason);
            }

            return new ParticipantRegistryReadResult
            {
                Accepted = outcome.Entry is { } e ? [e] : [],
                Skipped = outcome.Skipped is { } s ? [s] : [],
            };
        }
    }

    private void Skip(List<SkippedRegistryEntry> skipped, SkippedRegistryEntry entry)
    {
        LogSkipped(_logger, entry.Did ?? "(unknown)", entry.Reason);
        skipped.Add(entry);
    }

    private async Task<VerifiedEntry[]> VerifyManyAsync(List<string?> tokens, CancellationToken cancellationToken)
    {
        var results = new VerifiedEntry[tokens.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, tokens.Count),
            new ParallelOptions { MaxDegreeOfParallelism = _options.VerifyConcurrency, CancellationToken = cancellationToken },
            async (i, ct) => results[i] = tokens[i] is { } token
                ? await VerifyAsync(token, ct).ConfigureAwait(false)
                : new VerifiedEntry(null, new SkippedRegistryEntry(null, "the entry is not a string (a compact JWS)")))
            .ConfigureAwait(false);
        return results;
    }

    // One HTTP GET with the per-request timeout and the page-size bound; the document, or why not.
    private async Task<(JsonDocument? Page, string? Error)> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return (null, $"GET {url} answered 404: not listed");
            }

            if (!response.IsSuccessStatusCode)
            {
                return (null, $"GET {url} answered HTTP {(int)response.StatusCode}");
            }

            if (response.Content.Headers.ContentLength > _options.MaxPageBytes)
            {
                return (null, $"GET {url} answered {response.Content.Headers.ContentLength} bytes, more than the {_options.MaxPageBytes} a page may have");
            }

            var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                using var buffer = new MemoryStream();
                var chunk = new byte[81920];
                int n;
                while ((n = await stream.ReadAsync(chunk, timeout.Token).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + n > _options.MaxPageBytes)
                    {
                        return (null, $"GET {url} answered more than the {_options.MaxPageBytes} bytes a page may have");
                    }

                    buffer.Write(chunk, 0, n);
                }

                return (JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length)), null);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"GET {url} did not answer within {_options.RequestTimeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException e)
        {
            return (null, $"GET {url} failed: {e.Message}");
        }
        catch (IOException e)
        {
            return (null, $"GET {url} failed: {e.Message}");
        }
        catch (JsonException)
        {
            return (null, $"GET {url} did not answer JSON");
        }
    }

    private static bool TryNext(JsonElement page, Uri first, out Uri? next, out string error)
    {
        next = null;
        error = "";
        if (!page.TryGetProperty("next", out var link) || link.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (link.ValueKind != JsonValueKind.String || !Uri.TryCreate(link.GetString(), UriKind.Absolute, out var url))
        {
            error = "the registry's 'next' is not an absolute URL or null";
            return false;
        }

        // A registry must not send its readers to other hosts (a reader would fetch whatever it names).
        if (Uri.Compare(url, first, UriComponents.SchemeAndServer, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) != 0)
        {
            error = $"the registry's next link {url} leaves its origin {first.GetLeftPart(UriPartial.Authority)}";
            return false;
        }

        next = url;
        return true;
    }
}

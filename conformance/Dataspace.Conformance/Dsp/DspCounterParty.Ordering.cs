using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Dataspace.Conformance;

/// <summary>
/// Callback ordering (DSP:03-01): while <see cref="TrackOpenRequests"/> is on, each DSP message the suite posts goes
/// over its own connection whose socket the suite watches, and every callback the target sends is compared with the
/// suite's requests still open about the same process. A request counts as answered once the first byte of its answer
/// has reached the suite's socket, so a target that wrote its answer before sending the callback is never blamed for
/// the time the suite takes to read it.
/// </summary>
internal sealed partial class DspCounterParty
{
    private readonly ConcurrentDictionary<long, OpenRequest> _open = new();
    private readonly ConcurrentQueue<string> _orderingViolations = new();
    private long _nextOpen;

    /// <summary>Whether the suite records callbacks that arrive while its own request about the same process is unanswered.</summary>
    public bool TrackOpenRequests { get; set; }

    /// <summary>Each callback that arrived while the suite's request about its process was still unanswered, described.</summary>
    public IReadOnlyList<string> OrderingViolations => [.. _orderingViolations];

    private async Task<(int Status, string Text)> SendTrackedAsync(string url, string path, JsonObject message, HttpContent content, CancellationToken cancellationToken)
    {
        if (!TrackOpenRequests)
        {
            return await SendAsync(HttpMethod.Post, url, content, cancellationToken).ConfigureAwait(false);
        }

        // One connection per request, so the watched socket carries this request's answer and nothing else.
        var probe = new AnswerProbe();
        using var handler = new SocketsHttpHandler { ConnectCallback = probe.ConnectAsync, UseProxy = false };
        using var http = new HttpClient(handler) { Timeout = _http.Timeout };
        foreach (var (name, values) in _http.DefaultRequestHeaders.NonValidated)
        {
            http.DefaultRequestHeaders.TryAddWithoutValidation(name, values);
        }

        var pids = new[] { Expect.Text(message["consumerPid"]), Expect.Text(message["providerPid"]) }.OfType<string>().ToArray();
        var id = Interlocked.Increment(ref _nextOpen);
        _open[id] = new OpenRequest($"{Expect.Type(message)} (POST {path})", pids, probe);
        try
        {
            return await SendWithAsync(http, HttpMethod.Post, url, content, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _open.TryRemove(id, out _);
        }
    }

    /// <summary>
    /// How long a callback that arrives before the answer to the suite's request about its process is held, unanswered,
    /// for that answer to come. A target's server may hand its answer to the network a moment after the target's code
    /// considers it sent (Kestrel's OnCompleted runs before its transport has written the bytes), so only an answer that
    /// does not come while its callback is held is a violation. Holding the callback is what exposes a target that
    /// waits for the callback's acknowledgement before answering: its answer never comes while the callback is held.
    /// </summary>
    private static readonly TimeSpan OrderingGrace = TimeSpan.FromSeconds(1);

    private async Task NoteCallbackAsync(string path, JsonObject body, CancellationToken cancellationToken)
    {
        if (!TrackOpenRequests)
        {
            return;
        }

        var pids = new[] { Expect.Text(body["consumerPid"]), Expect.Text(body["providerPid"]) }.OfType<string>().ToHashSet(StringComparer.Ordinal);
        var early = _open.Where(open => open.Value.Pids.Any(pids.Contains) && !open.Value.Probe.Answered).ToList();
        if (early.Count == 0)
        {
            return;
        }

        var deadline = _context.TimeProvider.GetUtcNow() + OrderingGrace;
        while (early.Any(IsUnanswered) && _context.TimeProvider.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), _context.TimeProvider, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (_, open) in early.Where(IsUnanswered))
        {
            _orderingViolations.Enqueue($"the target sent {Expect.Type(body) ?? "a message"} (POST {path}) while the suite's {open.What} about the same process was still open, and gave no answer to it within {OrderingGrace.TotalSeconds:0.#} s while its message was held");
        }
    }

    private bool IsUnanswered(KeyValuePair<long, OpenRequest> open) => _open.ContainsKey(open.Key) && !open.Value.Probe.Answered;

    private sealed record OpenRequest(string What, string[] Pids, AnswerProbe Probe);
}

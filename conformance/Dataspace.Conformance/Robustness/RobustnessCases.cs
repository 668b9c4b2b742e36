using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Dataspace.Conformance;

/// <summary>
/// The robustness profile: bad input to every DSP endpoint is refused with a 4xx, never a 5xx, and leaves the target's
/// processes as they were; oversized and trickled requests are cut off in time; unknown routes are 404.
/// </summary>
internal static class RobustnessCases
{
    private static readonly Dictionary<string, string[]> RequiredMembers = new(StringComparer.Ordinal)
    {
        ["CatalogRequestMessage"] = ["@context", "@type"],
        ["ContractRequestMessage"] = ["@context", "@type", "consumerPid", "offer"],
        ["ContractNegotiationEventMessage"] = ["@context", "@type", "consumerPid", "providerPid", "eventType"],
        ["ContractAgreementVerificationMessage"] = ["@context", "@type", "consumerPid", "providerPid"],
        ["ContractNegotiationTerminationMessage"] = ["@context", "@type", "consumerPid", "providerPid"],
        ["TransferRequestMessage"] = ["@context", "@type", "consumerPid", "agreementId", "format", "callbackAddress"],
        ["TransferStartMessage"] = ["@context", "@type", "consumerPid", "providerPid"],
        ["TransferCompletionMessage"] = ["@context", "@type", "consumerPid", "providerPid"],
        ["TransferSuspensionMessage"] = ["@context", "@type", "consumerPid", "providerPid"],
        ["TransferTerminationMessage"] = ["@context", "@type", "consumerPid", "providerPid"],
    };

    public static IEnumerable<ConformanceCheck> All() =>
    [
        Rob("ROB:01-01", "Malformed JSON is refused",
            "Bodies that are not a JSON-LD message (truncated JSON, plain text, a bare string or number, an empty body) sent to every provider endpoint are refused with a 4xx (the catalog, which holds no state: never a 5xx), and the target's processes keep their states.",
            async (party, processes, ct) =>
            {
                var failures = new List<string>();
                foreach (var (path, message) in processes.Targets(party, includeWaiting: true))
                {
                    var text = message.ToJsonString();
                    foreach (var (body, what) in new[] { (text[..(text.Length / 2)], "truncated JSON"), ("not json at all", "plain text"), ("\"a string\"", "a bare JSON string"), ("42", "a bare JSON number"), ("", "an empty body") })
                    {
                        await ExpectRefusedAsync(party, path, body, what, failures, ct).ConfigureAwait(false);
                    }
                }

                Refused(failures);
            }),
        Rob("ROB:01-02", "A wrong @type is refused",
            "Messages whose @type is another message's, unknown, or missing its term (an IRI of another vocabulary), sent to every provider endpoint, are refused with a 4xx (the catalog, which holds no state: never a 5xx), and the processes keep their states.",
            async (party, processes, ct) =>
            {
                var failures = new List<string>();
                foreach (var (path, message) in processes.Targets(party, includeWaiting: true))
                {
                    var actual = Expect.Type(message);
                    var other = actual == "CatalogRequestMessage" ? "TransferRequestMessage" : "CatalogRequestMessage";
                    foreach (var type in new[] { other, "NoSuchMessage", "https://example.org/vocabulary/" + actual })
                    {
                        var wrong = (JsonObject)message.DeepClone();
                        wrong["@type"] = type;
                        await ExpectRefusedAsync(party, path, wrong.ToJsonString(), $"@type '{type}'", failures, ct).ConfigureAwait(false);
                    }
                }

                Refused(failures);
            }),
        Rob("ROB:01-03", "Missing required members are refused",
            "Each message with one of its required members (DSP 2025-1 schemas) removed, sent to every provider endpoint, is refused with a 4xx (the catalog, which holds no state: never a 5xx), and the processes keep their states.",
            async (party, processes, ct) =>
            {
                var failures = new List<string>();
                foreach (var (path, message) in processes.Targets(party, includeWaiting: true))
                {
                    var isInitial = !message.ContainsKey("providerPid");
                    var required = RequiredMembers[Expect.Type(message)!]
                        .Concat(isInitial && Expect.Type(message) == "ContractRequestMessage" ? ["callbackAddress"] : []);
                    foreach (var member in required)
                    {
                        var lacking = (JsonObject)message.DeepClone();
                        lacking.Remove(member);
                        await ExpectRefusedAsync(party, path, lacking.ToJsonString(), $"no '{member}'", failures, ct).ConfigureAwait(false);
                    }
                }

                Refused(failures);
            }),
        Rob("ROB:02-01", "Mutated messages never cause a 5xx nor change state",
            $"Seeded mutations of valid messages ({DspConfigurationKeys.MutationCount}, default 300; seed {DspConfigurationKeys.MutationSeed}) sent to every provider endpoint (process endpoints of a FINALIZED negotiation and a COMPLETED transfer) are never answered with a 5xx or left unanswered, and every process keeps its state.",
            async (party, processes, ct) =>
            {
                var configuration = party.Context.Configuration;
                var count = configuration.GetInt(DspConfigurationKeys.MutationCount, 300);
                var seed = configuration.GetInt(DspConfigurationKeys.MutationSeed, 7);
                var mutator = new Mutator(seed);
                var targets = processes.Targets(party, includeWaiting: false).ToList();
                var failures = new List<string>();
                for (var i = 0; i < count; i++)
                {
                    var (path, message) = targets[i % targets.Count];
                    var (body, what) = mutator.Mutate(message);
                    using var content = new StringContent(body, Encoding.UTF8, "application/json");
                    try
                    {
                        var (status, text) = await party.SendAsync(HttpMethod.Post, party.ProtocolUrl + path, content, ct).ConfigureAwait(false);
                        if (status >= 500)
                        {
                            failures.Add(string.Create(CultureInfo.InvariantCulture, $"#{i} POST {path} ({what}) answered {status}: {Expect.Clip(text, 200)}"));
                        }
                    }
                    catch (ConformanceException e)
                    {
                        failures.Add(string.Create(CultureInfo.InvariantCulture, $"#{i} POST {path} ({what}): {e.Message}"));
                    }
                }

                Expect.That(failures.Count == 0,
                    $"{failures.Count} of {count} mutated messages (seed {seed}) were answered with a 5xx or not at all: {string.Join(" | ", failures.Take(6))}");
                await processes.VerifyUnchangedAsync($"after {count} mutated messages (seed {seed})").ConfigureAwait(false);
            }),
        new DspCheck("ROB:03-01", "An oversized body is refused in time",
            $"A contract request whose body is larger than any DSP message needs ({DspConfigurationKeys.OversizedBytes}, default 32 MiB) is refused with a 4xx (413 or 400) or cut off, never a 5xx, within {DspConfigurationKeys.SlowClientTimeout} (default 30 s).",
            (party, ct) => OversizedBodyAsync(party, ct), ConformanceProfiles.Hardening),
        new DspCheck("ROB:03-02", "A slow client is cut off in time",
            $"A contract request whose body trickles in at 5 bytes per second is answered with a 4xx or cut off by the target, never a 5xx, within {DspConfigurationKeys.SlowClientTimeout} (default 30 s): the target does not wait for it forever.",
            (party, ct) => SlowClient.RunAsync(party, ct), ConformanceProfiles.Hardening),
        new DspCheck("ROB:04-01", "Unknown routes answer 404",
            "Requests to routes the protocol does not define (below the DSP endpoint, below a process, at the root) answer 404, never a 5xx; a defined route with a method it does not take answers 404 or 405.",
            (party, ct) => UnknownRoutesAsync(party, ct), ConformanceProfiles.Robustness),
    ];

    private static DspCheck Rob(string id, string name, string verifies, Func<DspCounterParty, ObservedProcesses, CancellationToken, Task> run) =>
        new(id, name, verifies, async (party, ct) =>
        {
            var processes = await ObservedProcesses.CreateAsync(party, ct).ConfigureAwait(false);
            await run(party, processes, ct).ConfigureAwait(false);
            await processes.VerifyUnchangedAsync($"after the check's messages ({name})").ConfigureAwait(false);
        }, ConformanceProfiles.Robustness);

    /// <summary>
    /// Sends a broken message; a process endpoint must refuse it with a 4xx (acting on it would be worse than a crash),
    /// the catalog, which changes nothing, may be lenient but must not fail with a 5xx.
    /// </summary>
    private static async Task ExpectRefusedAsync(DspCounterParty party, string path, string body, string what, List<string> failures, CancellationToken cancellationToken)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var (status, text) = await party.SendAsync(HttpMethod.Post, party.ProtocolUrl + path, content, cancellationToken).ConfigureAwait(false);
        var refused = path == "/catalog/request" ? status < 500 : status is >= 400 and < 500;
        if (!refused)
        {
            failures.Add($"POST {path} with {what} answered {status}: {Expect.Clip(text, 160)}");
        }
    }

    private static void Refused(List<string> failures) =>
        Expect.That(failures.Count == 0, $"{failures.Count} broken messages were not refused with a 4xx: {string.Join(" | ", failures.Take(8))}");

    private static async Task OversizedBodyAsync(DspCounterParty party, CancellationToken cancellationToken)
    {
        var configuration = party.Context.Configuration;
        var size = configuration.GetInt(DspConfigurationKeys.OversizedBytes, 32 * 1024 * 1024);
        var timeout = TimeSpan.FromSeconds(configuration.GetInt(DspConfigurationKeys.SlowClientTimeout, 30));
        var message = DspMessages.ContractRequest("urn:uuid:" + Guid.NewGuid(), configuration.Get("CN_02_02_OFFERID"), configuration.Get("CN_02_02_DATASETID"), party.CallbackAddress);
        var prefix = message.ToJsonString()[..^1] + ",\"padding\":\"";
        var padding = Math.Max(0, size - prefix.Length - 2);
        var body = prefix + new string('x', padding) + "\"}";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        int status;
        string text;
        try
        {
            (status, text) = await party.SendAsync(HttpMethod.Post, party.ProtocolUrl + "/negotiations/request", content, limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ConformanceException($"a {size}-byte contract request was neither answered nor cut off within {timeout.TotalSeconds:0} s");
        }
        catch (ConformanceException e) when (e.InnerException is HttpRequestException)
        {
            // The target closed the connection without reading the whole body: refused, in time.
            return;
        }

        Expect.That(status is >= 400 and < 500, $"a {size}-byte contract request answered {status}; expected 413 or 400. Body: {Expect.Clip(text, 300)}");
    }

    private static async Task UnknownRoutesAsync(DspCounterParty party, CancellationToken cancellationToken)
    {
        var root = party.Context.Configuration.GetUrl(DspConfigurationKeys.BaseUrl).ToString().TrimEnd('/');
        var unknown = Guid.NewGuid().ToString("N");
        var routes = new (HttpMethod Method, string Url)[]
        {
            (HttpMethod.Get, $"{party.ProtocolUrl}/no-such-route-{unknown}"),
            (HttpMethod.Post, $"{party.ProtocolUrl}/no-such-route-{unknown}"),
            (HttpMethod.Post, $"{party.ProtocolUrl}/negotiations/urn:uuid:{Guid.NewGuid()}/no-such-action"),
            (HttpMethod.Post, $"{party.ProtocolUrl}/transfers/urn:uuid:{Guid.NewGuid()}/no-such-action"),
            (HttpMethod.Get, $"{party.ProtocolUrl}/catalog/no-such-route-{unknown}"),
            (HttpMethod.Get, $"{root}/no-such-route-{unknown}"),
        };
        foreach (var (method, url) in routes)
        {
            using var content = method == HttpMethod.Post ? new StringContent(DspMessages.CatalogRequest().ToJsonString(), Encoding.UTF8, "application/json") : null;
            var (status, text) = await party.SendAsync(method, url, content, cancellationToken).ConfigureAwait(false);
            Expect.That(status == 404, $"{method} {url} (no such route) answered {status}; expected 404. Body: {Expect.Clip(text, 200)}");
        }

        var (deleteStatus, deleteText) = await party.SendAsync(HttpMethod.Delete, $"{party.ProtocolUrl}/negotiations/request", null, cancellationToken).ConfigureAwait(false);
        Expect.That(deleteStatus is 404 or 405, $"DELETE {party.ProtocolUrl}/negotiations/request answered {deleteStatus}; expected 404 or 405. Body: {Expect.Clip(deleteText, 200)}");
    }
}

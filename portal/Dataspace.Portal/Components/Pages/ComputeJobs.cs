using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dataspace.Portal.Components.Pages;

/// <summary>
/// Reads the compute API's job JSON (docs/compute/engine.md: camelCase, states by name) for the compute page. The portal
/// references only the management client, which hands jobs over as JSON, so the page reads fields by name here in one place.
/// </summary>
internal static class ComputeJobs
{
    public const string Proposed = "proposed";
    public const string AwaitingApproval = "awaitingApproval";
    public const string Approved = "approved";
    public const string Running = "running";
    public const string Suspended = "suspended";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Rejected = "rejected";
    public const string Stopped = "stopped";

    /// <summary>Every job state, in the engine's order.</summary>
    public static readonly string[] States = [Proposed, AwaitingApproval, Approved, Running, Suspended, Succeeded, Failed, Rejected, Stopped];

    /// <summary>The rows of a table output the page previews; the whole table is a download.</summary>
    public const int PreviewRows = 20;

    public static bool IsFinal(string state) => state is Succeeded or Failed or Rejected or Stopped;

    /// <summary>Whether the job still moves without a person, so the page looks again.</summary>
    public static bool IsMoving(string state) => state is Proposed or Approved or Running;

    public static string Text(JsonNode? json, string name) => json?[name] switch
    {
        null => "",
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        var other => other.ToJsonString(),
    };

    public static IEnumerable<JsonObject> Objects(JsonNode? array) => array is JsonArray items ? items.OfType<JsonObject>() : [];

    public static IReadOnlyList<string> Strings(JsonNode? array) =>
        array is JsonArray items ? [.. items.Select(i => i is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>()] : [];

    public static int Percent(JsonObject job) =>
        job["progress"] is JsonValue value && value.TryGetValue<double>(out var fraction) ? (int)Math.Round(Math.Clamp(fraction, 0, 1) * 100) : 0;

    /// <summary>The initiator, then each task's parties, without repeats (as <c>ComputeJob.Participants</c>).</summary>
    public static IEnumerable<string> Participants(JsonObject job) =>
        new[] { Text(job, "initiator") }
            .Concat(Objects(job["tasks"]).SelectMany(t => Objects(t["parties"])).Select(p => Text(p, "participantId")))
            .Where(p => p.Length > 0)
            .Distinct(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="self"/> is a provider whose decision the job waits for.</summary>
    public static bool AwaitsApprovalOf(JsonObject job, string? self) =>
        self is not null && Text(job, "state") is Proposed or AwaitingApproval
        && Objects(job["approvals"]).Any(a => Text(a, "participantId") == self && Text(a, "decision") == "pending");

    /// <summary>The portal's download of one output (streamed from the connector with the operator's key).</summary>
    public static string OutputHref(string jobId, string taskId, string name) =>
        $"compute/jobs/{Uri.EscapeDataString(jobId)}/outputs/{Uri.EscapeDataString(taskId)}/{Uri.EscapeDataString(name)}";

    /// <summary>
    /// Builds a two-party job request as <c>dataspace compute run</c> does: our file input as the consumer, the agreement's
    /// asset as the provider's input. Returns the reason instead when the attributes are not a JSON object.
    /// </summary>
    public static (JsonObject? Request, string? Error) BuildRequest(ComputeProposal proposal, Connector.Client.Agreement agreement, string? providerEndpoint)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(agreement);
        if (ParseAttributes(proposal.Attributes) is { Error: { } error })
        {
            return (null, error);
        }

        var attributes = ParseAttributes(proposal.Attributes).Attributes!;
        var release = string.IsNullOrWhiteSpace(proposal.Release) ? "cardinality" : proposal.Release.Trim();
        var request = new JsonObject
        {
            ["tasks"] = new JsonArray(new JsonObject
            {
                ["id"] = "task-1",
                ["component"] = proposal.Component.Trim(),
                ["attributes"] = attributes,
                ["parties"] = new JsonArray(
                    new JsonObject { ["participantId"] = agreement.ConsumerId, ["role"] = proposal.Role.Trim(), ["input"] = new JsonObject { ["kind"] = "file", ["reference"] = proposal.InputPath.Trim() } },
                    new JsonObject { ["participantId"] = agreement.ProviderId, ["role"] = proposal.ProviderRole.Trim(), ["input"] = new JsonObject { ["kind"] = "asset", ["reference"] = agreement.AssetId, ["agreementId"] = agreement.Id } }),
                ["releases"] = new JsonObject { [agreement.ConsumerId] = new JsonArray(release) },
            }),
            ["agreements"] = new JsonArray(new JsonObject
            {
                ["providerId"] = agreement.ProviderId, ["agreementId"] = agreement.Id, ["consumerId"] = agreement.ConsumerId, ["providerEndpoint"] = providerEndpoint,
            }),
        };
        return (request, null);
    }

    /// <summary>Reads the attributes the operator typed: empty means none; anything but a JSON object is refused with where it broke.</summary>
    public static (JsonObject? Attributes, string? Error) ParseAttributes(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (new JsonObject(), null);
        }

        try
        {
            return JsonNode.Parse(text) is JsonObject attributes
                ? (attributes, null)
                : (null, "the attributes must be a JSON object such as {\"mode\": \"cardinality\"}, not an array or a single value");
        }
        catch (JsonException e)
        {
            return (null, string.Create(CultureInfo.InvariantCulture, $"the attributes are not valid JSON (line {(e.LineNumber ?? 0) + 1}, position {(e.BytePositionInLine ?? 0) + 1}): expected a JSON object such as {{\"mode\": \"cardinality\"}}"));
        }
    }
}

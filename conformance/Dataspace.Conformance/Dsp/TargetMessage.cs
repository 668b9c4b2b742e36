using System.Text.Json.Nodes;

namespace Dataspace.Conformance;

/// <summary>A JSON body the target sent: an answer to one of the suite's requests or a message to the suite's callback.</summary>
/// <param name="Source">Where it came from, e.g. <c>answer to POST /negotiations/request</c> or <c>callback POST /negotiations/x/offers</c>.</param>
/// <param name="Status">The HTTP status of an answer; null for a callback.</param>
/// <param name="Body">The parsed body.</param>
/// <param name="ExpectedPids">The process ids the body must echo (providerPid, consumerPid), when the suite knows them.</param>
internal sealed record TargetMessage(string Source, int? Status, JsonNode Body, IReadOnlyDictionary<string, string>? ExpectedPids = null);

using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Dataspace.Conformance.Tests.ThirdParty;

/// <summary>Contract negotiation, both roles, with the DSP 2025-1 state machine written out as a table of who may send what when.</summary>
internal sealed partial class MinimalConnector
{
    private const string NegotiationError = "ContractNegotiationError";

    private sealed class Negotiation
    {
        public required bool WeProvide { get; init; }
        public required string Peer { get; init; }
        public required string DatasetId { get; init; }
        public required string OfferId { get; init; }
        public string ProviderPid { get; set; } = "";
        public string ConsumerPid { get; set; } = "";
        public string State { get; set; } = "REQUESTED";

        /// <summary>Completes when the message this side is sending about the process has been answered; the next message waits for it.</summary>
        public Task Settled { get; set; } = Task.CompletedTask;
    }

    // As provider, what the fixture datasets of the TCK's sample configuration do at each step (the TCK's flows expect it).
    private static readonly Dictionary<string, Dictionary<string, string>> ProviderScripts = new(StringComparer.Ordinal)
    {
        ["ACN0101"] = new() { ["requested"] = "offer" },
        ["ACN0102"] = new() { ["requested"] = "offer", ["counterRequested"] = "terminate" },
        ["ACN0103"] = new() { ["requested"] = "offer", ["accepted"] = "agree", ["verified"] = "finalize" },
        ["ACN0104"] = new() { ["requested"] = "agree", ["verified"] = "finalize" },
        ["ACN0201"] = new() { ["requested"] = "terminate" },
        ["ACN0202"] = new(),
        ["ACN0203"] = new() { ["requested"] = "agree" },
        ["ACN0204"] = new() { ["requested"] = "offer" },
        ["ACN0205"] = new() { ["requested"] = "offer", ["offered"] = "terminate" },
        ["ACN0206"] = new() { ["requested"] = "offer", ["accepted"] = "terminate" },
        ["ACN0207"] = new() { ["requested"] = "agree", ["verified"] = "terminate" },
        ["ACN0301"] = new() { ["requested"] = "agree", ["verified"] = "finalize" },
        ["ACN0302"] = new() { ["requested"] = "offer" },
        ["ACN0303"] = new() { ["requested"] = "offer" },
        ["ACN0304"] = new() { ["requested"] = "offer" },
    };

    // As consumer: how it answers what the provider (the suite) sends, by dataset.
    private static string ConsumerReaction(string datasetId, string step) => (datasetId, step) switch
    {
        ("ACNC0101" or "ACNC0205" or "ACNC0304" or "ACNC0305" or "ACNC0306", "offerReceived") => "accept",
        ("ACNC0102", "offerReceived") => "counter",
        ("ACNC0103", "offerReceived") => "terminate",
        ("ACNC0202", "providerAnswered") => "terminate",
        ("ACNC0203", "agreementReceived") => "terminate",
        (_, "agreementReceived") => "verify",
        _ => "wait",
    };

    // Who may send which message in which state (DSP 2025-1, contract negotiation state machine); the result is the new state.
    private static string? Transition(bool fromProvider, string action, string state, JsonObject body) => (fromProvider, action, state) switch
    {
        (false, "request", "OFFERED") => "REQUESTED",
        (false, "events", "OFFERED") when Text(body, "eventType") is "ACCEPTED" or "dspace:ACCEPTED" => "ACCEPTED",
        (false, "agreement/verification", "AGREED") => "VERIFIED",
        (true, "offers", "REQUESTED") => "OFFERED",
        (true, "agreement", "REQUESTED" or "ACCEPTED") => "AGREED",
        (true, "events", "VERIFIED") when Text(body, "eventType") is "FINALIZED" or "dspace:FINALIZED" => "FINALIZED",
        (_, "termination", not ("FINALIZED" or "TERMINATED")) => "TERMINATED",
        _ => null,
    };

    private static readonly Dictionary<string, string> NegotiationTypes = new(StringComparer.Ordinal)
    {
        ["request"] = "ContractRequestMessage",
        ["events"] = "ContractNegotiationEventMessage",
        ["agreement/verification"] = "ContractAgreementVerificationMessage",
        ["offers"] = "ContractOfferMessage",
        ["agreement"] = "ContractAgreementMessage",
        ["termination"] = "ContractNegotiationTerminationMessage",
    };

    private string NegotiationType => _fault == MinimalFault.WrongType ? "ContractNegotiationProcess" : "ContractNegotiation";

    private JsonObject NegotiationBody(Negotiation n) =>
        Message(NegotiationType, ("state", n.State), ("consumerPid", n.ConsumerPid), ("providerPid", n.ProviderPid));

    private async Task<IResult> NegotiationRequestedAsync(HttpContext http)
    {
        var (body, refusal) = await ReadAsync(http, "ContractRequestMessage", NegotiationError);
        if (body is null)
        {
            return refusal!;
        }

        var consumerPid = Text(body, "consumerPid");
        var callback = Text(body, "callbackAddress");
        var offerId = body["offer"] is JsonObject offer ? Text(offer, "@id") : null;
        if (consumerPid is null || callback is null || offerId is null || body.ContainsKey("providerPid"))
        {
            return Error(400, NegotiationError, null, consumerPid, "a new contract request needs consumerPid, callbackAddress and an offer with @id, and no providerPid");
        }

        if (_fault == MinimalFault.ConstraintArrayOnly && body["offer"]?["permission"] is JsonArray rules && rules.Any(r => r?["constraint"] is JsonObject))
        {
            return Error(400, NegotiationError, null, consumerPid, "constraint must be an array");
        }

        // Offers are named CD123:<dataset>:456 in the TCK's sample configuration; their rules are the dataset's only offer.
        var parts = offerId.Split(':');
        if (parts.Length != 3 || !ProviderScripts.ContainsKey(parts[1]))
        {
            return Error(400, NegotiationError, null, consumerPid, $"no offer '{offerId}'");
        }

        var negotiation = new Negotiation { WeProvide = true, Peer = callback.TrimEnd('/'), DatasetId = parts[1], OfferId = offerId, ProviderPid = NewPid(), ConsumerPid = consumerPid };
        var settled = new TaskCompletionSource();
        negotiation.Settled = settled.Task;
        lock (_gate)
        {
            _negotiations[negotiation.ProviderPid] = negotiation;
        }

        await AfterAnswerAsync(http, () => ReactAsProviderAsync(negotiation, "requested", settled));
        return Results.Json(NegotiationBody(negotiation), statusCode: StatusCodes.Status201Created);
    }

    private IResult NegotiationState(string pid)
    {
        lock (_gate)
        {
            return _negotiations.TryGetValue(pid, out var n)
                ? Results.Json(NegotiationBody(n))
                : Error(404, NegotiationError, pid, null, "no such negotiation");
        }
    }

    private async Task<IResult> NegotiationMessageAsync(HttpContext http, string pid, string action)
    {
        Negotiation? negotiation;
        lock (_gate)
        {
            _negotiations.TryGetValue(pid, out negotiation);
        }

        if (negotiation is null || !NegotiationTypes.TryGetValue(action, out var type))
        {
            return Error(404, NegotiationError, pid, null, $"no negotiation '{pid}' takes '{action}'");
        }

        var (body, refusal) = await ReadAsync(http, type, NegotiationError);
        if (body is null)
        {
            return refusal!;
        }

        await negotiation.Settled.WaitAsync(TimeSpan.FromSeconds(20));
        var settled = new TaskCompletionSource();
        string step;
        lock (_gate)
        {
            if (Text(body, "providerPid") != negotiation.ProviderPid || Text(body, "consumerPid") != negotiation.ConsumerPid)
            {
                return Error(400, NegotiationError, negotiation.ProviderPid, negotiation.ConsumerPid, "the message's providerPid and consumerPid must name this negotiation");
            }

            var next = Transition(fromProvider: !negotiation.WeProvide, action, negotiation.State, body);
            if (next is null && _fault != MinimalFault.IllegalTransitionsAccepted)
            {
                return Error(400, NegotiationError, negotiation.ProviderPid, negotiation.ConsumerPid, $"{type} is not allowed in state {negotiation.State}");
            }

            negotiation.State = next ?? negotiation.State;
            negotiation.Settled = settled.Task;
            step = (negotiation.WeProvide, action) switch
            {
                (true, "request") => "counterRequested",
                (true, "events") => "accepted",
                (true, "agreement/verification") => "verified",
                (false, "offers") => "offerReceived",
                (false, "agreement") => "agreementReceived",
                _ => "none",
            };
        }

        await AfterAnswerAsync(http, () => negotiation.WeProvide ? ReactAsProviderAsync(negotiation, step, settled) : ReactAsConsumerAsync(negotiation, step, settled));
        return Ok();
    }

    private async Task ReactAsProviderAsync(Negotiation n, string step, TaskCompletionSource settled)
    {
        try
        {
            while (ProviderScripts[n.DatasetId].TryGetValue(step, out var reaction))
            {
                var (path, message, state) = reaction switch
                {
                    "offer" => ("offers", Message("ContractOfferMessage", ("consumerPid", n.ConsumerPid), ("providerPid", n.ProviderPid),
                        ("offer", new JsonObject { ["assigner"] = ParticipantId, ["permission"] = new JsonArray(new JsonObject { ["action"] = "use" }), ["target"] = n.DatasetId, ["@id"] = n.OfferId, ["@type"] = "Offer" })), "OFFERED"),
                    "agree" => ("agreement", Message("ContractAgreementMessage", ("consumerPid", n.ConsumerPid), ("providerPid", n.ProviderPid), ("agreement", Agreement(n))), "AGREED"),
                    "finalize" => ("events", Message("ContractNegotiationEventMessage", ("eventType", "FINALIZED"), ("consumerPid", n.ConsumerPid), ("providerPid", n.ProviderPid)), "FINALIZED"),
                    _ => ("termination", Message("ContractNegotiationTerminationMessage", ("consumerPid", n.ConsumerPid), ("providerPid", n.ProviderPid), ("code", "declined")), "TERMINATED"),
                };
                if (!await SendAsync($"{n.Peer}/negotiations/{n.ConsumerPid}/{path}", message))
                {
                    return;
                }

                lock (_gate)
                {
                    n.State = state;
                }

                step = state == "OFFERED" ? "offered" : "none";
            }
        }
        finally
        {
            settled.TrySetResult();
        }
    }

    private static JsonObject Agreement(Negotiation n) => new()
    {
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["assignee"] = DspCounterPartyId,
        ["assigner"] = ParticipantId,
        ["permission"] = new JsonArray(new JsonObject { ["action"] = "use" }),
        ["target"] = n.DatasetId,
        ["@type"] = "Agreement",
        ["@id"] = "urn:uuid:" + Guid.NewGuid(),
    };

    /// <summary>The suite's participant id; the TCK's sample agreements name it.</summary>
    private const string DspCounterPartyId = "TCK_PARTICIPANT";

    private async Task<IResult> StartNegotiationAsync(HttpContext http)
    {
        var body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) as JsonObject;
        var (provider, offerId, datasetId) = body is null ? (null, null, null) : (Text(body, "connectorAddress"), Text(body, "offerId"), Text(body, "datasetId"));
        if (provider is null || offerId is null || datasetId is null)
        {
            return Results.BadRequest("connectorAddress, offerId and datasetId are required");
        }

        var negotiation = new Negotiation { WeProvide = false, Peer = provider.TrimEnd('/'), DatasetId = datasetId, OfferId = offerId, ConsumerPid = NewPid() };
        var settled = new TaskCompletionSource();
        negotiation.Settled = settled.Task;
        lock (_gate)
        {
            _negotiations[negotiation.ConsumerPid] = negotiation;
        }

        try
        {
            var request = Message("ContractRequestMessage", ("callbackAddress", DspBase), ("consumerPid", negotiation.ConsumerPid),
                ("offer", new JsonObject { ["permission"] = new JsonArray(new JsonObject { ["action"] = "use" }), ["target"] = datasetId, ["@type"] = "Offer", ["@id"] = offerId }));
            using var content = new StringContent(request.ToJsonString(), Encoding.UTF8, "application/json");
            using var response = await _peer.PostAsync(negotiation.Peer + "/negotiations/request", content, http.RequestAborted);
            var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(http.RequestAborted)) as JsonObject;
            if (response.StatusCode != System.Net.HttpStatusCode.Created || answer is null || Text(answer, "providerPid") is not { } providerPid)
            {
                lock (_gate)
                {
                    negotiation.State = "TERMINATED";
                }

                return Results.Problem($"the provider answered {(int)response.StatusCode}", statusCode: 502);
            }

            negotiation.ProviderPid = providerPid;
        }
        finally
        {
            settled.TrySetResult();
        }

        if (ConsumerReaction(datasetId, "providerAnswered") == "terminate")
        {
            var after = new TaskCompletionSource();
            negotiation.Settled = after.Task;
            await AfterAnswerAsync(http, () => ReactAsConsumerAsync(negotiation, "providerAnswered", after));
        }

        return Results.Ok(new JsonObject { ["consumerPid"] = negotiation.ConsumerPid });
    }

    private async Task ReactAsConsumerAsync(Negotiation n, string step, TaskCompletionSource settled)
    {
        try
        {
            var (path, message, state) = ConsumerReaction(n.DatasetId, step) switch
            {
                "accept" => ("events", Message("ContractNegotiationEventMessage", ("eventType", "ACCEPTED"), ("consumerPid", n.ConsumerPid), ("providerPid", n.ProviderPid)), "ACCEPTED"),
                "counter" => ("request", Message("ContractRequestMessage", ("consumerPid", n.ConsumerPid), ("providerPid", n.ProviderPid),
                    ("offer", new JsonObject { ["permission"] = new JsonArray(new JsonObject { ["action"] = "use" }), ["target"] = n.DatasetId, ["@type"] = "Offer", ["@id"] = n.OfferId })), "REQUESTED"),
                "verify" => ("agreement/verification", Message("ContractAgreementVerificationMessage", ("consumerPid", n.ConsumerPid), ("providerPid", n.ProviderPid)), "VERIFIED"),
                "terminate" => ("termination", Message("ContractNegotiationTerminationMessage", ("consumerPid", n.ConsumerPid), ("providerPid", n.ProviderPid), ("code", "declined")), "TERMINATED"),
                _ => ("", new JsonObject(), ""),
            };
            if (path.Length > 0 && await SendAsync($"{n.Peer}/negotiations/{n.ProviderPid}/{path}", message))
            {
                lock (_gate)
                {
                    n.State = state;
                }
            }
        }
        finally
        {
            settled.TrySetResult();
        }
    }
}

using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Dataspace.Conformance.Tests.ThirdParty;

/// <summary>Transfer processes, both roles: the DSP 2025-1 transfer state machine and the TCK's scripted moves per agreement.</summary>
internal sealed partial class MinimalConnector
{
    private const string TransferError = "TransferError";

    private sealed class Transfer
    {
        public required bool WeProvide { get; init; }
        public required string Peer { get; init; }
        public required Queue<(string When, string Move)> Script { get; init; }
        public string ProviderPid { get; set; } = "";
        public string ConsumerPid { get; set; } = "";
        public string State { get; set; } = "REQUESTED";
        public Task Settled { get; set; } = Task.CompletedTask;
    }

    // As provider, each agreement of the TCK's sample configuration scripts the provider's moves after the request.
    private static Queue<(string, string)>? ProviderScript(string agreementId) => agreementId switch
    {
        "ATP0101" => Moves("start", "terminate"),
        "ATP0102" => Moves("start", "complete"),
        "ATP0103" => Moves("start", "suspend", "terminate"),
        "ATP0104" => Moves("start", "suspend", "start", "complete"),
        "ATP0105" => Moves("terminate"),
        "ATP0201" or "ATP0202" or "ATP0203" or "ATP0204" or "ATP0303" or "ATP0304" or "ATP0305" or "ATP0306" => Moves("start"),
        "ATP0205" or "ATP0301" or "ATP0302" => Moves(),
        _ => null,
    };

    private static Queue<(string, string)> Moves(params string[] moves) => new(moves.Select(m => ("requested", m)));

    // As consumer: what it does on entering a state, by agreement.
    private static Queue<(string, string)> ConsumerScript(string agreementId) => agreementId switch
    {
        "ATPC0201" => new([("STARTED", "terminate")]),
        "ATPC0202" => new([("STARTED", "complete")]),
        "ATPC0203" => new([("STARTED", "suspend"), ("SUSPENDED", "terminate")]),
        "ATPC0204" => new([("STARTED", "suspend"), ("SUSPENDED", "start"), ("STARTED", "complete")]),
        "ATPC0205" => new([("REQUESTED", "terminate")]),
        _ => new(),
    };

    // DSP 2025-1 transfer state machine: start is the provider's (the consumer may only resume a suspended transfer);
    // completion and suspension need a started transfer; termination ends any open one.
    private static string? TransferTransition(bool fromProvider, string action, string state) => (fromProvider, action, state) switch
    {
        (true, "start", "REQUESTED" or "SUSPENDED") => "STARTED",
        (false, "start", "SUSPENDED") => "STARTED",
        (_, "completion", "STARTED") => "COMPLETED",
        (_, "suspension", "STARTED") => "SUSPENDED",
        (_, "termination", "REQUESTED" or "STARTED" or "SUSPENDED") => "TERMINATED",
        _ => null,
    };

    private static readonly Dictionary<string, string> TransferTypes = new(StringComparer.Ordinal)
    {
        ["start"] = "TransferStartMessage",
        ["completion"] = "TransferCompletionMessage",
        ["suspension"] = "TransferSuspensionMessage",
        ["termination"] = "TransferTerminationMessage",
    };

    private JsonObject TransferBody(Transfer t) =>
        Message(_fault == MinimalFault.WrongType ? "TransferProcessState" : "TransferProcess", ("state", t.State), ("consumerPid", t.ConsumerPid), ("providerPid", t.ProviderPid));

    private async Task<IResult> TransferRequestedAsync(HttpContext http)
    {
        var (body, refusal) = await ReadAsync(http, "TransferRequestMessage", TransferError);
        if (body is null)
        {
            return refusal!;
        }

        var consumerPid = Text(body, "consumerPid");
        var callback = Text(body, "callbackAddress");
        var script = Text(body, "agreementId") is { } agreementId ? ProviderScript(agreementId) : null;
        if (consumerPid is null || callback is null || Text(body, "format") is null || body.ContainsKey("providerPid"))
        {
            return Error(400, TransferError, null, consumerPid, "a transfer request needs consumerPid, agreementId, format and callbackAddress, and no providerPid");
        }

        if (script is null)
        {
            return Error(400, TransferError, null, consumerPid, "no such agreement");
        }

        var transfer = new Transfer { WeProvide = true, Peer = callback.TrimEnd('/'), Script = script, ProviderPid = NewPid(), ConsumerPid = consumerPid };
        var settled = new TaskCompletionSource();
        transfer.Settled = settled.Task;
        lock (_gate)
        {
            _transfers[transfer.ProviderPid] = transfer;
        }

        await AfterAnswerAsync(http, () => MoveAsync(transfer, "requested", settled));
        return Results.Json(TransferBody(transfer), statusCode: StatusCodes.Status201Created);
    }

    private IResult TransferState(string pid)
    {
        lock (_gate)
        {
            return _transfers.TryGetValue(pid, out var t) ? Results.Json(TransferBody(t)) : Error(404, TransferError, pid, null, "no such transfer");
        }
    }

    private async Task<IResult> TransferMessageAsync(HttpContext http, string pid, string action)
    {
        Transfer? transfer;
        lock (_gate)
        {
            _transfers.TryGetValue(pid, out transfer);
        }

        if (transfer is null || !TransferTypes.TryGetValue(action, out var type))
        {
            return Error(404, TransferError, pid, null, $"no transfer '{pid}' takes '{action}'");
        }

        var (body, refusal) = await ReadAsync(http, type, TransferError);
        if (body is null)
        {
            return refusal!;
        }

        await transfer.Settled.WaitAsync(TimeSpan.FromSeconds(20));
        var settled = new TaskCompletionSource();
        string entered;
        lock (_gate)
        {
            if (Text(body, "providerPid") != transfer.ProviderPid || Text(body, "consumerPid") != transfer.ConsumerPid)
            {
                return Error(400, TransferError, transfer.ProviderPid, transfer.ConsumerPid, "the message's providerPid and consumerPid must name this transfer");
            }

            var next = TransferTransition(fromProvider: !transfer.WeProvide, action, transfer.State);
            if (next is null && _fault != MinimalFault.IllegalTransitionsAccepted)
            {
                return Error(400, TransferError, transfer.ProviderPid, transfer.ConsumerPid, $"{type} is not allowed in state {transfer.State}");
            }

            entered = transfer.State = next ?? transfer.State;
            transfer.Settled = settled.Task;
        }

        await AfterAnswerAsync(http, () => MoveAsync(transfer, entered, settled));
        return Ok();
    }

    /// <summary>Makes the scripted moves due on entering <paramref name="entered"/>, each acknowledged before the next.</summary>
    private async Task MoveAsync(Transfer t, string entered, TaskCompletionSource settled)
    {
        try
        {
            while (t.Script.TryPeek(out var due) && due.When == entered)
            {
                t.Script.Dequeue();
                var (path, state) = due.Move switch
                {
                    "start" => ("start", "STARTED"),
                    "complete" => ("completion", "COMPLETED"),
                    "suspend" => ("suspension", "SUSPENDED"),
                    _ => ("termination", "TERMINATED"),
                };
                var message = Message(TransferTypes[path], ("consumerPid", t.ConsumerPid), ("providerPid", t.ProviderPid));
                if (path == "start" && t.WeProvide)
                {
                    message["dataAddress"] = new JsonObject
                    {
                        ["endpoint"] = BaseAddress + "data/" + t.ProviderPid,
                        ["endpointType"] = "https://w3id.org/idsa/v4.1/HTTP",
                        ["@type"] = "DataAddress",
                    };
                }

                var peerPid = t.WeProvide ? t.ConsumerPid : t.ProviderPid;
                if (!await SendAsync($"{t.Peer}/transfers/{peerPid}/{path}", message))
                {
                    return;
                }

                lock (_gate)
                {
                    t.State = state;
                }

                // A provider's scripted moves follow one another; a consumer's wait for the state they are due in.
                entered = t.WeProvide ? "requested" : state;
            }
        }
        finally
        {
            settled.TrySetResult();
        }
    }

    private async Task<IResult> StartTransferAsync(HttpContext http)
    {
        var body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) as JsonObject;
        var (provider, agreementId, format) = body is null ? (null, null, null) : (Text(body, "connectorAddress"), Text(body, "agreementId"), Text(body, "format"));
        if (provider is null || agreementId is null || format is null)
        {
            return Results.BadRequest("connectorAddress, agreementId and format are required");
        }

        var transfer = new Transfer { WeProvide = false, Peer = provider.TrimEnd('/'), Script = ConsumerScript(agreementId), ConsumerPid = NewPid() };
        var settled = new TaskCompletionSource();
        transfer.Settled = settled.Task;
        lock (_gate)
        {
            _transfers[transfer.ConsumerPid] = transfer;
        }

        try
        {
            var request = Message("TransferRequestMessage", ("callbackAddress", DspBase), ("format", format), ("agreementId", agreementId), ("consumerPid", transfer.ConsumerPid));
            using var content = new StringContent(request.ToJsonString(), Encoding.UTF8, "application/json");
            using var response = await _peer.PostAsync(transfer.Peer + "/transfers/request", content, http.RequestAborted);
            var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(http.RequestAborted)) as JsonObject;
            if (response.StatusCode != System.Net.HttpStatusCode.Created || answer is null || Text(answer, "providerPid") is not { } providerPid)
            {
                lock (_gate)
                {
                    transfer.State = "TERMINATED";
                }

                return Results.Problem($"the provider answered {(int)response.StatusCode}", statusCode: 502);
            }

            transfer.ProviderPid = providerPid;
        }
        finally
        {
            settled.TrySetResult();
        }

        var after = new TaskCompletionSource();
        transfer.Settled = after.Task;
        await AfterAnswerAsync(http, () => MoveAsync(transfer, "REQUESTED", after));
        return Results.Ok(new JsonObject { ["consumerPid"] = transfer.ConsumerPid });
    }
}

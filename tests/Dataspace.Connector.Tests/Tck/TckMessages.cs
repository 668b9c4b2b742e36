using System.Text.Json.Nodes;

namespace Dataspace.Connector.Tests.Tck;

/// <summary>DSP messages shaped as the TCK builds them (compact 2025-1 JSON-LD, its offer workaround with <c>@type</c> and an empty <c>constraints</c>).</summary>
internal static class TckMessages
{
    private static JsonObject Base(string type, string? providerPid, string consumerPid)
    {
        var message = new JsonObject
        {
            ["@context"] = new JsonArray(TckPeer.DspContext),
            ["@id"] = Guid.NewGuid().ToString(),
            ["@type"] = type,
            ["consumerPid"] = consumerPid,
        };
        if (providerPid is not null)
        {
            message["providerPid"] = providerPid;
        }

        return message;
    }

    private static JsonArray Permission() => new(new JsonObject { ["action"] = "use", ["constraints"] = new JsonArray() });

    public static JsonObject ContractRequest(string consumerPid, string offerId, string datasetId, string callbackAddress)
    {
        var message = Base("ContractRequestMessage", null, consumerPid);
        message["offer"] = new JsonObject { ["@id"] = offerId, ["target"] = datasetId, ["@type"] = "Offer", ["permission"] = Permission() };
        message["callbackAddress"] = callbackAddress;
        return message;
    }

    public static JsonObject CounterOffer(string providerPid, string consumerPid, string offerId, string assigner, string datasetId)
    {
        var message = Base("ContractRequestMessage", providerPid, consumerPid);
        message["offer"] = new JsonObject
        {
            ["@type"] = "Offer",
            ["@id"] = offerId,
            ["permission"] = Permission(),
            ["target"] = datasetId,
            ["assignee"] = TckPeer.ParticipantId,
            ["assigner"] = assigner,
        };
        return message;
    }

    public static JsonObject Event(string providerPid, string consumerPid, string eventType)
    {
        var message = Base("ContractNegotiationEventMessage", providerPid, consumerPid);
        message["eventType"] = eventType;
        return message;
    }

    public static JsonObject Verification(string providerPid, string consumerPid) => Base("ContractAgreementVerificationMessage", providerPid, consumerPid);

    public static JsonObject NegotiationTermination(string providerPid, string consumerPid)
    {
        var message = Base("ContractNegotiationTerminationMessage", providerPid, consumerPid);
        message["code"] = "TCK";
        message["reason"] = new JsonArray(new JsonObject { ["message"] = "terminated by the TCK" });
        return message;
    }

    public static JsonObject Offer(string providerPid, string consumerPid, string offerId, string assignee, string datasetId)
    {
        var message = Base("ContractOfferMessage", providerPid, consumerPid);
        message["offer"] = new JsonObject
        {
            ["@type"] = "Offer",
            ["@id"] = offerId,
            ["permission"] = Permission(),
            ["target"] = datasetId,
            ["assignee"] = assignee,
            ["assigner"] = TckPeer.ParticipantId,
        };
        return message;
    }

    public static JsonObject Agreement(string providerPid, string consumerPid, string assignee, string datasetId, string callbackAddress)
    {
        var message = Base("ContractAgreementMessage", providerPid, consumerPid);
        message["agreement"] = new JsonObject
        {
            ["@type"] = "Agreement",
            ["@id"] = Guid.NewGuid().ToString(),
            ["target"] = datasetId,
            ["permission"] = Permission(),
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
            ["assignee"] = assignee,
            ["assigner"] = TckPeer.ParticipantId,
        };
        message["callbackAddress"] = callbackAddress;
        return message;
    }

    public static JsonObject TransferRequest(string consumerPid, string agreementId, string format, string callbackAddress)
    {
        var message = Base("TransferRequestMessage", null, consumerPid);
        message["agreementId"] = agreementId;
        message["format"] = format;
        message["callbackAddress"] = callbackAddress;
        return message;
    }

    public static JsonObject Transfer(string type, string providerPid, string consumerPid)
    {
        var message = Base(type, providerPid, consumerPid);
        if (type is "TransferTerminationMessage" or "TransferSuspensionMessage")
        {
            message["code"] = "1";
            message["reason"] = new JsonArray(new JsonObject { ["message"] = "by the TCK" });
        }

        return message;
    }

    public static JsonObject CatalogRequest() => new()
    {
        ["@context"] = new JsonArray(TckPeer.DspContext),
        ["@type"] = "CatalogRequestMessage",
    };
}

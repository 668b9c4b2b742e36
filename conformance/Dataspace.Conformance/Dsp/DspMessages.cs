using System.Globalization;
using System.Text.Json.Nodes;

namespace Dataspace.Conformance;

/// <summary>
/// DSP messages shaped as the TCK builds them (compact 2025-1 JSON-LD, offers with <c>@type</c>), except that the
/// TCK's permission member <c>constraints</c> is left out: it is no ODRL term (ODRL's is <c>constraint</c>), so JSON-LD
/// drops it and a peer reading it would be reading an undefined term. <see cref="OdrlForms"/> sends ODRL's real forms.
/// </summary>
internal static class DspMessages
{
    private static JsonObject Base(string type, string? providerPid, string consumerPid)
    {
        var message = new JsonObject
        {
            ["@context"] = new JsonArray(DspVocabulary.Context),
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

    private static JsonArray Permission() => new(new JsonObject { ["action"] = "use" });

    public static JsonObject ContractRequest(string consumerPid, string offerId, string datasetId, string callbackAddress)
    {
        var message = Base("ContractRequestMessage", null, consumerPid);
        message["offer"] = new JsonObject { ["@id"] = offerId, ["target"] = datasetId, ["@type"] = "Offer", ["permission"] = Permission() };
        message["callbackAddress"] = callbackAddress;
        return message;
    }

    public static JsonObject CounterOffer(string providerPid, string consumerPid, string offerId, string assigner, string assignee, string datasetId)
    {
        var message = Base("ContractRequestMessage", providerPid, consumerPid);
        message["offer"] = new JsonObject
        {
            ["@type"] = "Offer",
            ["@id"] = offerId,
            ["permission"] = Permission(),
            ["target"] = datasetId,
            ["assignee"] = assignee,
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
        message["reason"] = new JsonArray(new JsonObject { ["message"] = "terminated by the conformance suite" });
        return message;
    }

    public static JsonObject Offer(string providerPid, string consumerPid, string offerId, string assigner, string assignee, string datasetId)
    {
        var message = Base("ContractOfferMessage", providerPid, consumerPid);
        message["offer"] = new JsonObject
        {
            ["@type"] = "Offer",
            ["@id"] = offerId,
            ["permission"] = Permission(),
            ["target"] = datasetId,
            ["assignee"] = assignee,
            ["assigner"] = assigner,
        };
        return message;
    }

    public static JsonObject Agreement(string providerPid, string consumerPid, string assigner, string assignee, string datasetId, string callbackAddress, DateTimeOffset now)
    {
        var message = Base("ContractAgreementMessage", providerPid, consumerPid);
        message["agreement"] = new JsonObject
        {
            ["@type"] = "Agreement",
            ["@id"] = Guid.NewGuid().ToString(),
            ["target"] = datasetId,
            ["permission"] = Permission(),
            ["timestamp"] = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            ["assignee"] = assignee,
            ["assigner"] = assigner,
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

    /// <summary>A transfer message; the start carries a pull endpoint (the TCK's <c>dataAddress()</c>) when <paramref name="withDataAddress"/>.</summary>
    public static JsonObject Transfer(string type, string providerPid, string consumerPid, bool withDataAddress = false)
    {
        var message = Base(type, providerPid, consumerPid);
        if (type is "TransferTerminationMessage" or "TransferSuspensionMessage")
        {
            message["code"] = "1";
            message["reason"] = new JsonArray(new JsonObject { ["message"] = "by the conformance suite" });
        }

        if (withDataAddress)
        {
            message["dataAddress"] = new JsonObject
            {
                ["@type"] = "DataAddress",
                ["endpointType"] = "https://w3id.org/idsa/v4.1/HTTP",
                ["endpoint"] = "http://127.0.0.1:9/conformance-suite-data",
                ["endpointProperties"] = new JsonArray(
                    new JsonObject { ["@type"] = "EndpointProperty", ["name"] = "authorization", ["value"] = "conformance-token" },
                    new JsonObject { ["@type"] = "EndpointProperty", ["name"] = "authType", ["value"] = "bearer" }),
            };
        }

        return message;
    }

    public static JsonObject CatalogRequest() => new()
    {
        ["@context"] = new JsonArray(DspVocabulary.Context),
        ["@type"] = "CatalogRequestMessage",
    };
}

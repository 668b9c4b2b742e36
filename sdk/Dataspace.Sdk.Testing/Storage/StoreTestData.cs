using System.Text.Json.Nodes;
using Dataspace.Sdk.Storage;
using Dataspace.Sdk.Transfer;

namespace Dataspace.Sdk.Testing.Storage;

/// <summary>Small builders of stored records with defaults, for the contract tests.</summary>
public static class StoreTestData
{
    /// <summary>A fixed point in time (milliseconds only, which every store keeps exactly).</summary>
    public static DateTimeOffset T0 { get; } = new(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    /// <summary>A new unique id with a readable prefix.</summary>
    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>A negotiation.</summary>
    public static ContractNegotiationRecord Negotiation(string? id = null, ProcessRole role = ProcessRole.Provider, NegotiationState state = NegotiationState.Requested,
        string? peerPid = null, string counterPartyId = "did:web:peer", DateTimeOffset? createdAt = null) => new()
    {
        Id = id ?? NewId("neg"),
        Role = role,
        PeerPid = peerPid,
        State = state,
        CounterPartyId = counterPartyId,
        CounterPartyAddress = "https://peer.example/dsp",
        OfferId = "offer-1",
        AssetId = "asset-1",
        Offer = new JsonObject { ["@type"] = "Offer", ["permission"] = new JsonArray(new JsonObject { ["action"] = "use" }) },
        CounterPartyClaims = """{"did":"did:web:peer"}""",
        CreatedAt = createdAt ?? T0,
        UpdatedAt = createdAt ?? T0,
    };

    /// <summary>A transfer.</summary>
    public static TransferProcessRecord Transfer(string? id = null, ProcessRole role = ProcessRole.Provider, TransferState state = TransferState.Requested,
        string? peerPid = null, string counterPartyId = "did:web:peer", DateTimeOffset? createdAt = null, DataAddress? address = null) => new()
    {
        Id = id ?? NewId("tp"),
        Role = role,
        PeerPid = peerPid,
        State = state,
        AgreementId = "agreement-1",
        AssetId = "asset-1",
        TransferType = "HttpData-PULL",
        CounterPartyId = counterPartyId,
        CounterPartyAddress = "https://peer.example/dsp",
        DataAddress = address,
        CreatedAt = createdAt ?? T0,
        UpdatedAt = createdAt ?? T0,
    };

    /// <summary>An outbox message for a process.</summary>
    public static OutboxMessage Message(string processId, string messageType = "TestMessage", string kind = "negotiation") =>
        new(kind, processId, messageType, "https://peer.example/dsp/" + messageType, [1, 2, 3], "did:web:peer");

    /// <summary>A process step for a process.</summary>
    public static ProcessStep Step(string processId, string name = "decide", string? argument = null, string kind = "negotiation") =>
        new(kind, processId, name) { Argument = argument };

    /// <summary>An agreement of a negotiation.</summary>
    public static ContractAgreementRecord Agreement(string negotiationId, string? id = null, string assetId = "asset-1", DateTimeOffset? signedAt = null) =>
        new(id ?? NewId("agreement"), negotiationId, "did:web:provider", "did:web:consumer", assetId,
            new JsonObject { ["@type"] = "Agreement", ["target"] = assetId }, signedAt ?? T0);

    /// <summary>An asset.</summary>
    public static Asset Asset(string? id = null, string? secret = null) =>
        new(id ?? NewId("asset"), new JsonObject { ["title"] = "Data" },
            new DataAddress("HttpData", secret is null
                ? new Dictionary<string, string> { ["baseUrl"] = "https://backend.example/data" }
                : new Dictionary<string, string> { ["baseUrl"] = "https://backend.example/data", ["authCode"] = secret }), T0);

    /// <summary>An open ODRL policy (anyone may use).</summary>
    public static PolicyDefinition Policy(string? id = null) =>
        new(id ?? NewId("policy"), new JsonObject
        {
            ["@context"] = "http://www.w3.org/ns/odrl.jsonld",
            ["@type"] = "Set",
            ["permission"] = new JsonArray(new JsonObject { ["action"] = "use" }),
        }, T0);
}

using System.Text.Json;

namespace Dataspace.Sdk.Identity;

/// <summary>The outcome of resolving a DID: the DID document as JSON, or a DID Resolution error with a reason.</summary>
public sealed record DidResolutionResult
{
    private DidResolutionResult() { }

    /// <summary>The DID document (a JSON object); null on failure.</summary>
    public JsonElement? Document { get; private init; }

    /// <summary>The DID Resolution error code (see <see cref="DidResolutionErrors"/>); null on success.</summary>
    public string? Error { get; private init; }

    /// <summary>What went wrong, for the operator and the peer.</summary>
    public string? Reason { get; private init; }

    /// <summary>Whether the DID resolved.</summary>
    public bool Succeeded => Document is not null;

    /// <summary>A resolved DID document.</summary>
    public static DidResolutionResult Success(JsonElement document) => new() { Document = document.Clone() };

    /// <summary>A failed resolution with its DID Resolution error code and reason.</summary>
    public static DidResolutionResult Fail(string error, string reason) => new() { Error = error, Reason = reason };
}

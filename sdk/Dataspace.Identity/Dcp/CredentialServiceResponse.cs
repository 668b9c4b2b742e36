using System.Text.Json.Nodes;

namespace Dataspace.Identity.Dcp;

/// <summary>What the Credential Service answers: an HTTP status and a JSON body (a PresentationResponseMessage or an error).</summary>
/// <param name="StatusCode">The HTTP status: 200, 400, 401, 403 or 501.</param>
/// <param name="Body">The JSON body.</param>
public sealed record CredentialServiceResponse(int StatusCode, JsonObject Body)
{
    internal static CredentialServiceResponse Error(int status, string code, string reason) =>
        new(status, new JsonObject { ["type"] = "Error", ["code"] = code, ["reason"] = reason });
}

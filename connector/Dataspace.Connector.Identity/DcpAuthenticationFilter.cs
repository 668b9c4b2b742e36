using System.Text.Json.Nodes;
using Dataspace.Identity.Dcp;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Identity;

/// <summary>
/// Requires a DCP Self-Issued ID token (<c>Authorization: Bearer x</c> or the bare token) on a DSP endpoint, verifies the
/// caller's credentials, and exposes the verified caller through <see cref="IVerifiedCallerAccessor"/>.
/// </summary>
internal sealed partial class DcpAuthenticationFilter : IEndpointFilter
{
    private const string DspContext = "https://w3id.org/dspace/2025/1/context.jsonld";
    private readonly DspEndpointKind _kind;
    private readonly IReadOnlyCollection<string>? _credentialTypes;

    public DcpAuthenticationFilter(DspEndpointKind kind, IReadOnlyCollection<string>? credentialTypes)
    {
        _kind = kind;
        _credentialTypes = credentialTypes;
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var services = http.RequestServices;
        var types = _credentialTypes ?? services.GetRequiredService<IOptions<ConnectorIdentityOptions>>().Value.EffectiveCredentialTypes;
        var result = await services.GetRequiredService<DcpVerifier>().VerifyAsync(http.Request.Headers.Authorization.ToString(), types, http.RequestAborted).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger<DcpAuthenticationFilter>();
            LogRefused(logger, http.Request.Method, http.Request.Path, http.Connection.RemoteIpAddress?.ToString(), result.Error.Failure.ToString(), result.Error.Reason);
            return Refuse(result.Error.Failure.ToString());
        }

        services.GetRequiredService<VerifiedCallerAccessor>().Caller = result.Value;
        return await next(context).ConfigureAwait(false);
    }

    private IResult Refuse(string code)
    {
        var (status, type) = _kind switch
        {
            DspEndpointKind.Negotiation => (StatusCodes.Status404NotFound, "ContractNegotiationError"),
            DspEndpointKind.Transfer => (StatusCodes.Status404NotFound, "TransferError"),
            _ => (StatusCodes.Status401Unauthorized, "CatalogError"),
        };
        var body = new JsonObject
        {
            ["@context"] = new JsonArray(DspContext),
            ["@type"] = type,
            ["code"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["reason"] = new JsonArray($"The caller could not be authenticated ({code})."),
        };
        return Results.Text(body.ToJsonString(), "application/json", statusCode: status);
    }

    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning, Message = "Refused DSP caller of {Method} {Path} from {Remote}: {Failure}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string method, string path, string? remote, string failure, string reason);
}

using System.Text;
using Dataspace.Connector.Audit;
using Dataspace.Sdk.Audit;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace Dataspace.Connector.Management;

/// <summary>
/// Appends a management change to the audit log for every management call that changes something (any method but GET,
/// HEAD and OPTIONS): who (the API key, by a short digest of it), what (method, route, path, the request body's digest)
/// and the resource's digest before and after, before the caller has the answer.
/// </summary>
internal sealed class ManagementAuditFilter : IEndpointFilter
{
    private readonly IAuditLog _audit;

    public ManagementAuditFilter(IAuditLog audit) => _audit = audit;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method))
        {
            return await next(context).ConfigureAwait(false);
        }

        var endpoint = http.GetEndpoint();
        var resource = endpoint?.Metadata.GetMetadata<AuditedResource>();
        var before = resource is null ? null : AuditRecords.DigestOf(await resource.ReadAsync(http, http.RequestAborted).ConfigureAwait(false));

        // The body as bound (the parameter of the type the endpoint accepts), not its bytes: binding has read those.
        var bodyType = endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        var body = bodyType is null ? null : context.Arguments.FirstOrDefault(a => a is not null && bodyType.IsInstanceOfType(a));
        var handled = await next(context).ConfigureAwait(false);

        var status = handled is IStatusCodeHttpResult { StatusCode: { } code } ? code : http.Response.StatusCode;
        var after = resource is not null
            ? AuditRecords.DigestOf(await resource.ReadAsync(http, CancellationToken.None).ConfigureAwait(false))
            : handled is IValueHttpResult { Value: { } value } ? AuditRecords.DigestOf(value) : null;
        var route = (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.Value ?? "";

        // The change is stored already: its record must not be dropped because the caller hung up meanwhile.
        await _audit.AppendAsync(
            AuditRecords.ManagementChange(Actor(http), http.Request.Method, route, http.Request.Path.Value ?? "", status, AuditRecords.DigestOf(body), before, after),
            CancellationToken.None).ConfigureAwait(false);
        return handled;
    }

    // The API key filter has checked the key before this runs; the log names it by a short digest, never by its value.
    private static string Actor(HttpContext http) =>
        http.Request.Headers[ManagementApiKey.HeaderName].FirstOrDefault() is { Length: > 0 } key
            ? "management:key-" + AuditRecords.Digest(Encoding.UTF8.GetBytes(key))["sha256:".Length..][..12]
            : "management:unknown";
}

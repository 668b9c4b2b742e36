using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Dataspace.Connector.Management;

/// <summary>
/// Endpoint metadata naming the resource a management call changes, so <see cref="ManagementAuditFilter"/> records its
/// digest before and after the change.
/// </summary>
internal sealed class AuditedResource
{
    private readonly Func<string, IServiceProvider, CancellationToken, Task<object?>> _read;

    public AuditedResource(Func<string, IServiceProvider, CancellationToken, Task<object?>> read) => _read = read;

    /// <summary>The resource the route's <c>id</c> names, as stored now; null when there is none.</summary>
    public Task<object?> ReadAsync(HttpContext http, CancellationToken cancellationToken) =>
        http.Request.RouteValues.TryGetValue("id", out var id) && id is string name
            ? _read(name, http.RequestServices, cancellationToken)
            : Task.FromResult<object?>(null);
}

/// <summary>Marks management endpoints with the resource they change.</summary>
internal static class AuditedResourceExtensions
{
    /// <summary>The audit log records the digest of what <paramref name="read"/> returns for the route's <c>id</c>, before and after the call.</summary>
    public static RouteHandlerBuilder WithAuditedResource(this RouteHandlerBuilder endpoint, Func<string, IServiceProvider, CancellationToken, Task<object?>> read) =>
        endpoint.WithMetadata(new AuditedResource(read));
}

using System.Collections.Concurrent;
using System.Text.Json;
using Dataspace.Identity.Dcp;

namespace Dataspace.Identity.Tests.Support;

/// <summary>Calls participants' Credential Service handlers in-process, as an HTTP client would, and counts queries.</summary>
internal sealed class DirectCredentialServiceClient : ICredentialServiceClient
{
    private readonly ConcurrentDictionary<string, CredentialServiceHandler> _handlers = new(StringComparer.Ordinal);

    public int Queries { get; private set; }

    /// <summary>Replaces the presentations a participant's service returns, to simulate a misbehaving wallet.</summary>
    public Func<string, IReadOnlyList<string>?>? Override { get; set; }

    public void Register(Uri endpoint, CredentialServiceHandler handler) => _handlers[endpoint.AbsoluteUri.TrimEnd('/')] = handler;

    public async Task<CredentialQueryResult> QueryAsync(Uri credentialService, string bearerToken, PresentationQueryMessage query, CancellationToken cancellationToken)
    {
        Queries++;
        var key = credentialService.AbsoluteUri.TrimEnd('/');
        if (Override?.Invoke(key) is { } replaced)
        {
            return new CredentialQueryResult { Response = new PresentationResponseMessage { Presentation = replaced } };
        }

        if (!_handlers.TryGetValue(key, out var handler))
        {
            return new CredentialQueryResult { Reason = $"no Credential Service at {key}" };
        }

        var body = JsonSerializer.SerializeToElement(query.ToJson());
        var response = await handler.HandleQueryAsync("Bearer " + bearerToken, body, cancellationToken);
        if (response.StatusCode != 200)
        {
            return new CredentialQueryResult { Reason = $"HTTP {response.StatusCode}: {response.Body.ToJsonString()}" };
        }

        return PresentationResponseMessage.TryParse(JsonSerializer.SerializeToElement(response.Body), out var message, out var reason)
            ? new CredentialQueryResult { Response = message }
            : new CredentialQueryResult { Reason = reason };
    }
}

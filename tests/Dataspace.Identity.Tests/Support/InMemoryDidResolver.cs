using System.Collections.Concurrent;
using System.Text.Json;
using Dataspace.Identity.Dids;
using Dataspace.Sdk.Identity;

namespace Dataspace.Identity.Tests.Support;

/// <summary>A did:web resolver over a dictionary, for tests that craft DID documents.</summary>
internal sealed class InMemoryDidResolver : IDidResolver
{
    private readonly ConcurrentDictionary<string, JsonElement> _documents = new(StringComparer.Ordinal);

    public string Method => "web";

    public int Calls { get; private set; }

    public void Publish(DidDocument document) => _documents[document.Id] = JsonSerializer.SerializeToElement(document.ToJson());

    public Task<DidResolutionResult> ResolveAsync(DidResolutionContext context, CancellationToken cancellationToken)
    {
        Calls++;
        return Task.FromResult(_documents.TryGetValue(context.Did, out var doc)
            ? DidResolutionResult.Success(doc)
            : DidResolutionResult.Fail(DidResolutionErrors.NotFound, $"{context.Did} is not published"));
    }
}

using System.Text.Json;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Dids;
using Dataspace.Identity.Jose;
using Dataspace.Identity.Trust;
using Dataspace.Identity.Wallet;
using Dataspace.Sdk.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dataspace.Identity.Tests;

public sealed class IdentityServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddDataspaceIdentity_ResolvesEveryService_AndPluginResolversJoinTheRegistry()
    {
        using var key = SigningKey.Generate(JwsAlgorithms.EdDSA);
        using var http = new HttpClient();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<ILocalIdentityProvider>(new StaticLocalIdentityProvider(LocalIdentities.ForDidKey(key)));
        services.AddSingleton<ITrustAnchorProvider>(new StaticTrustAnchorProvider(TrustAnchorSet.Empty));
        services.AddSingleton<ICredentialStore, InMemoryCredentialStore>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDidResolver, ExampleResolver>());
        services.AddDataspaceIdentity(new IdentityOptions(), new DidWebOptions(), _ => http);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var registry = provider.GetRequiredService<DidResolverRegistry>();
        var example = await registry.ResolveAsync("did:example:alice", CancellationToken.None);

        Assert.NotNull(provider.GetRequiredService<DcpVerifier>());
        Assert.NotNull(provider.GetRequiredService<CredentialServiceHandler>());
        Assert.NotNull(provider.GetRequiredService<CredentialWallet>());
        Assert.Equal(["example", "key", "web"], registry.Methods.Order());
        Assert.Equal("did:example:alice", example.Document!.Id);
    }

    [Fact]
    public void TwoResolversForOneMethod_AreRefused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new DidResolverRegistry([new DidKeyResolver(), new DidKeyResolver()], TimeProvider.System, TimeSpan.Zero));

        Assert.Contains("did:key", error.Message, StringComparison.Ordinal);
    }

    private sealed class ExampleResolver : IDidResolver
    {
        public string Method => "example";

        public Task<DidResolutionResult> ResolveAsync(DidResolutionContext context, CancellationToken cancellationToken) =>
            Task.FromResult(DidResolutionResult.Success(JsonSerializer.SerializeToElement(new { id = context.Did })));
    }
}

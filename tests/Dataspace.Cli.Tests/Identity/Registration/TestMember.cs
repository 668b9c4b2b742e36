using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Identity;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Dids;
using Dataspace.Identity.Jose;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dataspace.Cli.Tests.Identity.Registration;

/// <summary>
/// An applicant in a test: a did:web on its own loopback port, a DSP endpoint in its DID document, and a minimal DCP
/// Credential Service (POST /credentials) that keeps the CredentialMessages an issuer delivers, written from the spec.
/// </summary>
internal sealed class TestMember : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SigningKey _key = SigningKey.Generate(JwsAlgorithms.ES256);
    private LocalIdentity? _identity;

    private TestMember(WebApplication app) => _app = app;

    public ConcurrentQueue<(string? Authorization, JsonNode Message)> Received { get; } = new();

    /// <summary>How many deliveries to answer 503 before accepting (a holder that is down for a while).</summary>
    public int FailFirst { get; set; }

    public LocalIdentity Identity => _identity!;

    public string Did => Identity.Did;

    public Uri BaseUrl { get; private set; } = null!;

    public string DspEndpoint => BaseUrl.AbsoluteUri.TrimEnd('/') + "/api/dsp";

    /// <param name="credentialService">The Credential Service its DID document names; its own by default.</param>
    public static async Task<TestMember> StartAsync(Uri? credentialService = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var member = new TestMember(app);
        app.MapGet("/.well-known/did.json", () => Results.Json(member.Identity.Document.ToJson()));
        app.MapPost("/api/identity/credentials", async (HttpContext context) =>
        {
            if (member.FailFirst > 0)
            {
                member.FailFirst--;
                return Results.StatusCode(503);
            }

            var message = await JsonNode.ParseAsync(context.Request.Body);
            member.Received.Enqueue((context.Request.Headers.Authorization.ToString(), message!));
            return Results.Ok();
        });
        await app.StartAsync();
        member.BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var did = DidWeb.FromUrl(member.BaseUrl);
        member._identity = LocalIdentities.ForDidWeb(did, "key-1", member._key, [], LocalIdentities.Services(did, credentialService ?? new Uri(member.BaseUrl, "/api/identity"), new Uri(member.BaseUrl, "/api/dsp")));
        return member;
    }

    /// <summary>A fresh Self-Issued ID token of this member for the audience.</summary>
    public string Token(string audience) =>
        new SecureTokenService(new StaticLocalIdentityProvider(Identity), TimeProvider.System, new IdentityOptions()).CreateIdToken(audience);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _key.Dispose();
    }
}

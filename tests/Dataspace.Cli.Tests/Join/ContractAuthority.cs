using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Connector.Identity;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Dids;
using Dataspace.Identity.Issuance;
using Dataspace.Identity.Registry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dataspace.Cli.Tests.Join;

/// <summary>
/// A minimal authority written from /work REGISTRY-API.md's contract (applications approved at once, DCP issuance that
/// delivers to the holder's Credential Service, the participant registry), so the connector side is tested against the
/// wire contract until the real <c>dataspace authority serve</c> is merged. Real HTTP on 127.0.0.1.
/// </summary>
internal sealed class ContractAuthority : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, JsonObject> _applications = new();
    private readonly ConcurrentDictionary<string, string> _requests = new();
    private readonly List<Task> _deliveries = [];

    private ContractAuthority(WebApplication app, string did, string url)
    {
        _app = app;
        Did = did;
        Url = url;
    }

    public string Did { get; }

    public string Url { get; }

    /// <summary>What the last delivery of credentials answered (status and body), for the test's messages.</summary>
    public string? LastDelivery { get; private set; }

    public SecureTokenService Tokens => _app.Services.GetRequiredService<SecureTokenService>();

    public static async Task<ContractAuthority> StartAsync(string dataDirectory)
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var did = $"did:web:127.0.0.1%3A{port}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Connector:DataDirectory"] = dataDirectory,
            ["Connector:Egress:AllowPrivateNetworks"] = "true",
            ["Connector:Identity:KeyStoreSecret"] = "contract-authority-secret-0123456789",
            ["Connector:Identity:Did"] = did,
            ["Connector:Identity:PublicUrl"] = url,
            ["Connector:Identity:AllowHttpForLoopback"] = "true",
        });
        builder.Services.AddConnectorIdentity(builder.Configuration);
        builder.Services.AddConnectorAuthority(builder.Configuration);
        var app = builder.Build();
        var authority = new ContractAuthority(app, did, url);
        app.MapDidDocument();
        app.MapStatusLists();
        authority.Map(app);
        await app.StartAsync();
        return authority;
    }

    public async ValueTask DisposeAsync()
    {
        Task[] pending;
        lock (_deliveries)
        {
            pending = [.. _deliveries];
        }

        await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(30));
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Map(WebApplication app)
    {
        app.MapGet("/issuance/metadata", () => Json(new JsonObject
        {
            ["@context"] = new JsonArray("https://w3id.org/dspace-dcp/v1.0/dcp.jsonld"),
            ["type"] = "IssuerMetadata",
            ["credentialIssuer"] = Did,
            ["credentialsSupported"] = new JsonArray(
                new JsonObject { ["type"] = "CredentialObject", ["id"] = "membership-credential", ["credentialType"] = "MembershipCredential" },
                new JsonObject { ["type"] = "CredentialObject", ["id"] = "subspace-credential", ["credentialType"] = "SubspaceCredential" }),
        }));
        app.MapPost("/registration/applications", async (HttpRequest request) =>
        {
            var caller = await CallerAsync(request);
            if (caller is null)
            {
                return Error(401, "unauthorized", "no valid member token");
            }

            var body = (await JsonNode.ParseAsync(request.Body))!.AsObject();
            if (body["did"]?.GetValue<string>() != caller)
            {
                return Error(400, "did-mismatch", "did must equal the token's iss");
            }

            var existing = _applications.Values.FirstOrDefault(a => a["did"]!.GetValue<string>() == caller);
            if (existing is not null)
            {
                return Json(existing);
            }

            var subspaces = body["subspaces"]!.AsArray().Select(s => s!.GetValue<string>()).ToList();
            var application = new JsonObject
            {
                ["id"] = Guid.NewGuid().ToString("N"),
                ["did"] = caller,
                ["status"] = "approved",
                ["credentialTypes"] = new JsonArray(["MembershipCredential", .. subspaces.Select(_ => "SubspaceCredential")]),
                ["legalName"] = body["legalName"]!.GetValue<string>(),
                ["subspaces"] = new JsonArray([.. subspaces]),
                ["dspEndpoint"] = body["dspEndpoint"]!.GetValue<string>(),
            };
            _applications[application["id"]!.GetValue<string>()] = application;
            return Results.Text(Public(application).ToJsonString(), "application/json", statusCode: 201);
        });
        app.MapGet("/registration/applications/{id}", async (string id, HttpRequest request) =>
            await CallerAsync(request) is { } caller && _applications.TryGetValue(id, out var a) && a["did"]!.GetValue<string>() == caller
                ? Json(Public(a))
                : Error(404, "not-found", "no such application"));
        app.MapPost("/issuance/credentials", async (HttpRequest request) =>
        {
            var caller = await CallerAsync(request);
            var application = _applications.Values.FirstOrDefault(a => a["did"]!.GetValue<string>() == caller);
            if (caller is null || application is null)
            {
                return Error(403, "not-approved", "no approved application for the caller");
            }

            var body = (await JsonNode.ParseAsync(request.Body))!.AsObject();
            var holderPid = body["holderPid"]!.GetValue<string>();
            var issuerPid = Guid.NewGuid().ToString("N");
            _requests[issuerPid] = "RECEIVED";
            lock (_deliveries)
            {
                // Delivered after the answer, as an issuer does: the holder must already know its holderPid.
                _deliveries.Add(Task.Run(() => DeliverAsync(caller, application, holderPid, issuerPid)));
            }

            return Results.Created($"/issuance/requests/{issuerPid}", null);
        });
        app.MapGet("/issuance/requests/{pid}", (string pid) =>
            _requests.TryGetValue(pid, out var status) ? Json(new JsonObject { ["type"] = "CredentialStatus", ["issuerPid"] = pid, ["status"] = status }) : Error(404, "not-found", "no such request"));
        app.MapGet("/registry/participants/{did}", (string did) =>
        {
            var application = _applications.Values.FirstOrDefault(a => a["did"]!.GetValue<string>() == did);
            if (application is null)
            {
                return Error(404, "not-found", "not a member");
            }

            var signer = new ParticipantRegistrySigner(app.Services.GetRequiredService<ILocalIdentityProvider>().Current.Signer, TimeProvider.System);
            var entry = signer.Sign(did, application["legalName"]!.GetValue<string>(), application["dspEndpoint"]!.GetValue<string>(),
                application["subspaces"]!.AsArray().Select(s => s!.GetValue<string>()), ParticipantStatuses.Active);
            return Json(new JsonObject { ["participant"] = entry });
        });
    }

    /// <summary>Issues a credential as the authority, for messages the test sends itself.</summary>
    public async Task<string> IssueAsync(string subject, string type) =>
        (await _app.Services.GetRequiredService<CredentialAuthority>().IssueAsync(new CredentialRequest { SubjectDid = subject, Type = type }, CancellationToken.None)).Jwt;

    private async Task DeliverAsync(string holder, JsonObject application, string holderPid, string issuerPid)
    {
        var issuer = _app.Services.GetRequiredService<CredentialAuthority>();
        var credentials = new JsonArray();
        var (membership, _) = await issuer.IssueAsync(new CredentialRequest { SubjectDid = holder, Type = "MembershipCredential" }, CancellationToken.None);
        credentials.Add(new JsonObject { ["credentialType"] = "MembershipCredential", ["payload"] = membership, ["format"] = "jwt" });
        foreach (var subspace in application["subspaces"]!.AsArray().Select(s => s!.GetValue<string>()))
        {
            var (jwt, _) = await issuer.IssueAsync(new CredentialRequest { SubjectDid = holder, Type = "SubspaceCredential", Claims = new JsonObject { ["subspace"] = subspace } }, CancellationToken.None);
            credentials.Add(new JsonObject { ["credentialType"] = "SubspaceCredential", ["payload"] = jwt, ["format"] = "jwt" });
        }

        var document = (await _app.Services.GetRequiredService<DidResolverRegistry>().ResolveAsync(holder, CancellationToken.None)).Document!;
        var service = document.Services.First(s => s.Type == DidServiceTypes.CredentialService).ServiceEndpoint;
        var message = new JsonObject
        {
            ["@context"] = new JsonArray("https://w3id.org/dspace-dcp/v1.0/dcp.jsonld"),
            ["type"] = "CredentialMessage",
            ["issuerPid"] = issuerPid,
            ["holderPid"] = holderPid,
            ["status"] = "ISSUED",
            ["credentials"] = credentials,
        };
        using var http = new HttpClient();
        using var post = new HttpRequestMessage(HttpMethod.Post, service.TrimEnd('/') + "/credentials") { Content = new StringContent(message.ToJsonString(), Encoding.UTF8, "application/json") };
        post.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Tokens.CreateIdToken(holder));
        using var answer = await http.SendAsync(post);
        LastDelivery = $"{(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}";
        _requests[issuerPid] = answer.IsSuccessStatusCode ? "ISSUED" : "REJECTED";
    }

    private async Task<string?> CallerAsync(HttpRequest request)
    {
        var validated = await _app.Services.GetRequiredService<SelfIssuedTokenValidator>()
            .ValidateAsync(DcpVerifier.ExtractToken(request.Headers.Authorization.ToString()), Did, CancellationToken.None);
        return validated.Succeeded ? validated.Value.Issuer : null;
    }

    private static JsonObject Public(JsonObject application) => new()
    {
        ["id"] = application["id"]!.DeepClone(),
        ["did"] = application["did"]!.DeepClone(),
        ["status"] = application["status"]!.DeepClone(),
        ["credentialTypes"] = application["credentialTypes"]!.DeepClone(),
    };

    private static IResult Json(JsonObject body) => Results.Text(body.ToJsonString(), "application/json");

    private static IResult Error(int status, string code, string reason) =>
        Results.Text(new JsonObject { ["error"] = code, ["reason"] = reason }.ToJsonString(), "application/json", statusCode: status);

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

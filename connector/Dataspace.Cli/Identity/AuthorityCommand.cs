using System.CommandLine;
using System.Net;
using System.Text.Json.Nodes;
using Dataspace.Cli.Identity.Registration;
using Dataspace.Connector.Identity;
using Dataspace.Connector.Management;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.Dcp;
using Dataspace.Identity.Dids;
using Dataspace.Identity.Issuance;
using Dataspace.Identity.Jose;
using Dataspace.Identity.Registry;
using Dataspace.Identity.Trust;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Dataspace.Sdk.Egress;
using Dataspace.Sdk.Storage;

namespace Dataspace.Cli.Identity;

/// <summary><c>dataspace authority init|issue|revoke|serve|applications|members</c>: a data-space authority's desk on a data folder.</summary>
internal static class AuthorityCommand
{
    private const string SettingsFile = "authority.json";

    public static Command Create()
    {
        var command = new Command("authority", "Run a data-space authority: issue and revoke credentials, serve its DID document and status lists.");
        command.Subcommands.Add(CreateInit());
        command.Subcommands.Add(CreateIssue());
        command.Subcommands.Add(CreateRevoke());
        command.Subcommands.Add(CreateServe());
        command.Subcommands.Add(ApplicationsCommand.Create());
        command.Subcommands.Add(MembersCommand.Create());
        command.Subcommands.Add(ProductsCommand.Create());
        return command;
    }

    private static Command CreateInit()
    {
        var folder = new IdentityFolder();
        var did = new Option<string>("--did") { Description = "The authority's did:web DID", Required = true };
        var publicUrl = new Option<string>("--public-url") { Description = "Where the authority is reached (default: from the DID)" };
        var algorithm = new Option<string>("--alg") { Description = "ES256 or EdDSA", DefaultValueFactory = _ => JwsAlgorithms.ES256 };
        var types = new Option<string[]>("--type") { Description = "Credential types it may issue (default: every type)", AllowMultipleArgumentsPerToken = true };
        var dataspace = new Option<string>("--dataspace") { Description = "Bind the anchor to this data space: connectors accept its credentials only with this 'dataspace' claim" };
        var command = new Command("init", "Create the authority's key and a trust-anchor file naming it (give that file to the data space's connectors).");
        folder.AddTo(command);
        command.Options.Add(did);
        command.Options.Add(publicUrl);
        command.Options.Add(algorithm);
        command.Options.Add(types);
        command.Options.Add(dataspace);
        command.SetAction(async (result, cancellationToken) =>
        {
            var authorityDid = result.GetValue(did)!;
            if (result.GetValue(dataspace) is { } space && string.IsNullOrWhiteSpace(space))
            {
                throw new CliException("--dataspace needs a data space id");
            }

            if (!DidWeb.TryGetDocumentUrl(authorityDid, useHttp: false, out var documentUrl, out var reason))
            {
                throw new CliException($"--did: {reason}");
            }

            var alg = result.GetValue(algorithm)!;
            if (!JwsAlgorithms.CanSign(alg))
            {
                throw new CliException($"--alg '{alg}' is not supported; expected ES256 or EdDSA");
            }

            var url = IdentityFolder.ParseUrl(result.GetValue(publicUrl), "--public-url") ?? new Uri(documentUrl.GetLeftPart(UriPartial.Authority));
            var identity = await folder.LoadIdentityAsync(result, authorityDid, null, alg, cancellationToken).ConfigureAwait(false);
            using var _ = identity.Signer.Key;
            var issued = result.GetValue(types) is { Length: > 0 } given ? given : ["*"];
            await TrustAnchorFile.SaveAsync(folder.TrustAnchors(result), new TrustAnchorSet([new TrustAnchor { Did = authorityDid, CredentialTypes = issued, Dataspace = result.GetValue(dataspace) }]), cancellationToken).ConfigureAwait(false);
            PrivateFiles.CreateFolder(folder.Authority(result));
            await PrivateFiles.WriteAllTextAsync(Path.Combine(folder.Authority(result), SettingsFile), IdentityFolder.AuthorityJson(authorityDid, url).ToJsonString(IdentityJson.Indented), cancellationToken).ConfigureAwait(false);
            var output = result.InvocationConfiguration.Output;
            await output.WriteLineAsync($"Authority {authorityDid} signs with {identity.Signer.KeyId}").ConfigureAwait(false);
            var scope = result.GetValue(dataspace) is { } bound ? $", data space: {bound}" : "";
            await output.WriteLineAsync($"  Trust-anchor file: {folder.TrustAnchors(result)} (types: {string.Join(", ", issued)}{scope})").ConfigureAwait(false);
            await output.WriteLineAsync($"  Status lists at:   {url.AbsoluteUri.TrimEnd('/')}/status/vc20 and /status/vc11 (dataspace authority serve)").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static Command CreateIssue()
    {
        var folder = new IdentityFolder();
        var subject = new Option<string>("--subject") { Description = "The holder's DID", Required = true };
        var type = new Option<string>("--type") { Description = "The credential type, e.g. MembershipCredential", Required = true };
        var claims = new Option<string[]>("--claim") { Description = "A claim as key=value (repeatable)", AllowMultipleArgumentsPerToken = true };
        var profile = new Option<string>("--profile") { Description = $"{CredentialProfiles.Vc20Bssl} or {CredentialProfiles.Vc11Sl2021}", DefaultValueFactory = _ => CredentialProfiles.Vc20Bssl };
        var days = new Option<int>("--valid-days") { Description = "How long the credential is valid", DefaultValueFactory = _ => 365 };
        var output = new Option<FileInfo>("--out") { Description = "Write the credential JWT to this file instead of printing it" };
        var command = new Command("issue", "Issue a credential (a JWT with a revocation entry) to a participant.");
        folder.AddTo(command);
        command.Options.Add(subject);
        command.Options.Add(type);
        command.Options.Add(claims);
        command.Options.Add(profile);
        command.Options.Add(days);
        command.Options.Add(output);
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!Did.TryParse(result.GetValue(subject), out _, out _))
            {
                throw new CliException($"--subject '{result.GetValue(subject)}' is not a DID");
            }

            if (!CredentialProfiles.TryParse(result.GetValue(profile), out var chosen))
            {
                throw new CliException($"--profile '{result.GetValue(profile)}' is unknown; expected {CredentialProfiles.Vc20Bssl} or {CredentialProfiles.Vc11Sl2021}");
            }

            var claimObject = new JsonObject();
            foreach (var claim in result.GetValue(claims) ?? [])
            {
                var at = claim.IndexOf('=', StringComparison.Ordinal);
                if (at <= 0)
                {
                    throw new CliException($"--claim '{claim}' is not key=value");
                }

                claimObject[claim[..at]] = claim[(at + 1)..];
            }

            using var authority = await OpenAsync(folder, result, cancellationToken).ConfigureAwait(false);
            var (jwt, record) = await authority.Desk.IssueAsync(
                new CredentialRequest { SubjectDid = result.GetValue(subject)!, Type = result.GetValue(type)!, Claims = claimObject, Profile = chosen.Value, ValidFor = TimeSpan.FromDays(result.GetValue(days)) },
                cancellationToken).ConfigureAwait(false);
            if (result.GetValue(output) is { } file)
            {
                await PrivateFiles.WriteAllTextAsync(file.FullName, jwt + "\n", cancellationToken).ConfigureAwait(false);
                await result.InvocationConfiguration.Output.WriteLineAsync($"Issued {record.Id} ({record.Types[0]}, {record.Profile}) to {record.SubjectDid}: {file.FullName}").ConfigureAwait(false);
            }
            else
            {
                await result.InvocationConfiguration.Output.WriteLineAsync(jwt).ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    private static Command CreateRevoke()
    {
        var folder = new IdentityFolder();
        var id = new Argument<string>("ID") { Description = "The credential id (urn:uuid:...)" };
        var command = new Command("revoke", "Revoke a credential this authority issued; verifiers see it in the next status list they fetch.");
        folder.AddTo(command);
        command.Arguments.Add(id);
        command.SetAction(async (result, cancellationToken) =>
        {
            using var authority = await OpenAsync(folder, result, cancellationToken).ConfigureAwait(false);
            if (!await authority.Desk.RevokeAsync(result.GetValue(id)!, cancellationToken).ConfigureAwait(false))
            {
                throw new CliException($"this authority issued no credential '{result.GetValue(id)}'");
            }

            await result.InvocationConfiguration.Output.WriteLineAsync($"Revoked {result.GetValue(id)}").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static Command CreateServe()
    {
        var folder = new IdentityFolder();
        var port = new Option<int>("--port") { Description = "The HTTP port", DefaultValueFactory = _ => 8190 };
        var bind = new Option<string>("--bind") { Description = "The address to listen on", DefaultValueFactory = _ => "127.0.0.1" };
        var approve = new Option<string>("--approve") { Description = "manual: the operator decides each application; auto: every valid application is approved; rules: approved when it passes the rules (checked USCC, did:web on the endpoint's host, allowed subspaces), else left for the operator with the reasons", DefaultValueFactory = _ => "manual" };
        var ruleSubspaces = new Option<string[]>("--rule-subspaces") { Description = "With --approve rules: the subspaces an application may name to be approved by rule (default: any)", AllowMultipleArgumentsPerToken = true };
        var allowHttp = new Option<bool>("--allow-http-loopback") { Description = "Resolve members' did:web over plain HTTP for loopback hosts (tests, local demos)" };
        var attempts = new Option<int>("--delivery-attempts") { Description = "How often a credential delivery to a member's Credential Service is tried", DefaultValueFactory = _ => 8 };
        var allowPrivate = new Option<bool>("--allow-private-networks") { Description = "Also contact members on private networks (RFC 1918, unique-local): a closed data space on one LAN. By default only public addresses (and loopback with --allow-http-loopback)" };
        var command = new Command("serve", "Serve the authority's DID document, status lists, registration centre, DCP credential issuance and participant registry until stopped.");
        folder.AddTo(command);
        command.Options.Add(port);
        command.Options.Add(bind);
        command.Options.Add(approve);
        command.Options.Add(ruleSubspaces);
        command.Options.Add(allowHttp);
        command.Options.Add(attempts);
        command.Options.Add(allowPrivate);
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!IPAddress.TryParse(result.GetValue(bind), out var address))
            {
                throw new CliException($"--bind '{result.GetValue(bind)}' is not an IP address");
            }

            var approval = result.GetValue(approve) switch
            {
                "manual" => ApprovalMode.Manual,
                "auto" => ApprovalMode.Auto,
                "rules" => ApprovalMode.Rules,
                var other => throw new CliException($"--approve '{other}' is unknown; expected manual, auto or rules"),
            };
            var rules = ServeRules(result.GetValue(ruleSubspaces), approval);
            if (result.GetValue(attempts) is < 1 or > 100)
            {
                throw new CliException("--delivery-attempts takes 1 to 100");
            }

            using var authority = await OpenAsync(folder, result, cancellationToken).ConfigureAwait(false);
            // Applicants name the URLs the authority then fetches (did:web documents) and posts to (Credential Services):
            // every request goes through an egress policy, or an applicant could make the authority reach internal services.
            var egress = new EgressOptions { AllowPrivateNetworks = result.GetValue(allowPrivate) };
            if (result.GetValue(allowHttp))
            {
                egress.AllowedNetworks.Add("127.0.0.0/8");
                egress.AllowedNetworks.Add("::1/128");
            }

            await using var identityServices = await folder.ServicesAsync(result, authority.Identity, result.GetValue(allowHttp), cancellationToken, egress).ConfigureAwait(false);
            var store = await RegistrationStore.OpenAsync(folder.Authority(result), TimeProvider.System, cancellationToken).ConfigureAwait(false);
            var anchors = identityServices.GetRequiredService<ITrustAnchorProvider>().Current;
            var options = new RegistrationCentreOptions
            {
                PublicUrl = authority.PublicUrl,
                Dataspace = anchors.Anchors.FirstOrDefault(a => a.Did == authority.Identity.Did)?.Dataspace,
                Approval = approval,
                Rules = rules,
                DeliveryAttempts = result.GetValue(attempts),
            };
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            // A failed start (port in use) is reported below as one line; the host would log it again with its stack trace.
            builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
            builder.WebHost.ConfigureKestrel(k => k.Listen(address, result.GetValue(port)));
            builder.Services.AddSingleton<ILocalIdentityProvider>(new StaticLocalIdentityProvider(authority.Identity));
            builder.Services.AddSingleton(authority.Desk);
            builder.Services.AddSingleton(sp => new RegistrationCentre(
                store,
                authority.Desk,
                new ParticipantRegistrySigner(authority.Identity.Signer, TimeProvider.System),
                new ApplicationValidator(identityServices.GetRequiredService<DidResolverRegistry>(), TimeProvider.System),
                identityServices.GetRequiredService<SelfIssuedTokenValidator>(),
                identityServices.GetRequiredService<SecureTokenService>(),
                identityServices.GetRequiredService<DidResolverRegistry>(),
                identityServices.GetRequiredService<HttpClient>(),
                options,
                TimeProvider.System,
                sp.GetRequiredService<ILogger<RegistrationCentre>>()));
            await using var app = builder.Build();
            var documentPath = DidWeb.TryGetDocumentUrl(authority.Identity.Did, false, out var url, out _) ? url.AbsolutePath : "/.well-known/did.json";
            app.MapDidDocument(documentPath);
            app.MapStatusLists();
            app.MapRegistration();
            var managementKey = ManagementApiKey.Load(null, folder.Authority(result));
            app.MapApplicationManagement(managementKey);
            app.MapProductRegistration();
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException or System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse })
            {
                throw new CliException($"port {result.GetValue(port)} on {address} is already in use (choose another with --port)");
            }

            await result.InvocationConfiguration.Output.WriteLineAsync($"Authority {authority.Identity.Did} serving {documentPath} and /status/vc20, /status/vc11 on http://{address}:{result.GetValue(port)} (Ctrl+C stops)").ConfigureAwait(false);
            await result.InvocationConfiguration.Output.WriteLineAsync($"  Registration centre: /registration/applications (approve: {result.GetValue(approve)}), issuance: /issuance, registry: /registry/participants").ConfigureAwait(false);
            await result.InvocationConfiguration.Output.WriteLineAsync($"  Management API: {ApplicationManagementEndpoints.BasePath}/applications, X-Api-Key in {Path.Combine(folder.Authority(result), ManagementApiKey.FileName)} (expose it only to the operator's network)").ConfigureAwait(false);
            // The host's console lifetime takes Ctrl+C and SIGTERM for itself (it cancels the signal and stops the
            // application), so the command's token alone never fires: wait for either.
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, app.Lifetime.ApplicationStopping);
            var centre = app.Services.GetRequiredService<RegistrationCentre>();
            var delivery = centre.RunDeliveryAsync(stopping.Token);
            try
            {
                await Task.Delay(Timeout.Infinite, stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopped by the user or a service manager.
            }

            await delivery.ConfigureAwait(false);
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    // --rule-subspaces takes "a,b" or "a b"; it only means something with --approve rules.
    private static ApprovalRules ServeRules(string[]? subspaces, ApprovalMode approval)
    {
        if (subspaces is not { Length: > 0 })
        {
            return new ApprovalRules();
        }

        if (approval != ApprovalMode.Rules)
        {
            throw new CliException("--rule-subspaces needs --approve rules");
        }

        return new ApprovalRules
        {
            AllowedSubspaces = subspaces.SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.Ordinal),
        };
    }

    internal static async Task<OpenAuthority> OpenAsync(IdentityFolder folder, ParseResult result, CancellationToken cancellationToken)
    {
        var settingsPath = Path.Combine(folder.Authority(result), SettingsFile);
        if (!File.Exists(settingsPath))
        {
            throw new CliException($"{folder.Data(result)} holds no authority: run 'dataspace authority init --did did:web:...' first");
        }

        var settings = JsonNode.Parse(await File.ReadAllTextAsync(settingsPath, cancellationToken).ConfigureAwait(false))!;
        var did = settings["did"]!.GetValue<string>();
        var publicUrl = new Uri(settings["publicUrl"]!.GetValue<string>());
        var identity = await folder.LoadIdentityAsync(result, did, null, JwsAlgorithms.ES256, cancellationToken).ConfigureAwait(false);
        return new OpenAuthority(identity, new CredentialAuthority(folder.Authority(result), identity.Signer, publicUrl, TimeProvider.System), publicUrl);
    }

    internal sealed record OpenAuthority(LocalIdentity Identity, CredentialAuthority Desk, Uri PublicUrl) : IDisposable
    {
        public void Dispose()
        {
            Desk.Dispose();
            Identity.Signer.Key.Dispose();
        }
    }
}

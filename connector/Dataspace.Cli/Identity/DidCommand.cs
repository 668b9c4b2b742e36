using System.CommandLine;
using Dataspace.Identity.Dids;
using Dataspace.Identity.Jose;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Cli.Identity;

/// <summary><c>dataspace did show|resolve</c>: the data folder's DID document, or any DID's.</summary>
internal static class DidCommand
{
    public static Command Create()
    {
        var command = new Command("did", "Show this participant's DID document or resolve another DID.");
        command.Subcommands.Add(CreateShow());
        command.Subcommands.Add(CreateResolve());
        return command;
    }

    private static Command CreateShow()
    {
        var folder = new IdentityFolder();
        var did = new Option<string>("--did") { Description = "The did:web DID (default: the did:key of the active key)" };
        var publicUrl = new Option<string>("--public-url") { Description = "The URL the connector is reached at, for the service entries of a did:web document" };
        var command = new Command("show", "Print the DID document of the data folder's active key (a key is created if the store is empty).");
        folder.AddTo(command);
        command.Options.Add(did);
        command.Options.Add(publicUrl);
        command.SetAction(async (result, cancellationToken) =>
        {
            var identity = await folder.LoadIdentityAsync(result, result.GetValue(did), IdentityFolder.ParseUrl(result.GetValue(publicUrl), "--public-url"), JwsAlgorithms.ES256, cancellationToken).ConfigureAwait(false);
            using var _ = identity.Signer.Key;
            await result.InvocationConfiguration.Output.WriteLineAsync(identity.Document.ToJson().ToJsonString(IdentityJson.Indented)).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static Command CreateResolve()
    {
        var target = new Argument<string>("DID") { Description = "The DID to resolve (did:key, did:web)" };
        var allowHttp = new Option<bool>("--allow-http-loopback") { Description = "Resolve did:web over plain HTTP for loopback hosts (tests)" };
        var command = new Command("resolve", "Resolve a DID and print its DID document.");
        command.Arguments.Add(target);
        command.Options.Add(allowHttp);
        command.SetAction(async (result, cancellationToken) =>
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
            var registry = new DidResolverRegistry(
                [new DidKeyResolver(), new DidWebResolver(http, new DidWebOptions { AllowHttpForLoopback = result.GetValue(allowHttp) })], TimeProvider.System, TimeSpan.Zero);
            var outcome = await registry.ResolveAsync(result.GetValue(target)!, cancellationToken).ConfigureAwait(false);
            if (outcome.Document is not { } document)
            {
                throw new CliException($"{result.GetValue(target)} could not be resolved ({outcome.Error}): {outcome.Reason}");
            }

            await result.InvocationConfiguration.Output.WriteLineAsync(document.ToJson().ToJsonString(IdentityJson.Indented)).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}

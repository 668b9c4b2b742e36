using System.CommandLine;
using Dataspace.Identity.Jose;
using Dataspace.Identity.Wallet;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Cli.Identity;

/// <summary><c>dataspace vc import FILE</c>: a credential issued to this participant into the data folder's wallet.</summary>
internal static class VcCommand
{
    public static Command Create()
    {
        var command = new Command("vc", "Manage the verifiable credentials in a data folder's wallet.");
        var folder = new IdentityFolder();
        var file = new Argument<FileInfo>("FILE") { Description = "The credential (a JWT, or JSON {\"credential\": \"<jwt>\"})" };
        var did = new Option<string>("--did") { Description = "The holder's did:web DID (default: the did:key of the active key)" };
        var import = new Command("import", "Import a credential issued to this participant into the wallet.");
        folder.AddTo(import);
        import.Arguments.Add(file);
        import.Options.Add(did);
        import.SetAction(async (result, cancellationToken) =>
        {
            var path = result.GetValue(file)!;
            if (!path.Exists)
            {
                throw new CliException($"{path.FullName} does not exist");
            }

            var text = (await File.ReadAllTextAsync(path.FullName, cancellationToken).ConfigureAwait(false)).Trim();
            string jwt;
            try
            {
                jwt = text.StartsWith('{') ? System.Text.Json.Nodes.JsonNode.Parse(text)?["credential"]?.GetValue<string>() ?? string.Empty : text;
            }
            catch (System.Text.Json.JsonException e)
            {
                throw new CliException($"{path.Name} is neither a JWT nor valid JSON with a 'credential' string: {Dataspace.Connector.Host.JsonFileError.Describe(path.FullName, e)}");
            }
            catch (InvalidOperationException e)
            {
                throw new CliException($"{path.Name} is neither a JWT nor JSON with a 'credential' string: {e.Message}");
            }

            var identity = await folder.LoadIdentityAsync(result, result.GetValue(did), null, JwsAlgorithms.ES256, cancellationToken).ConfigureAwait(false);
            using var _ = identity.Signer.Key;
            await using var services = await folder.ServicesAsync(result, identity, allowHttpForLoopback: false, cancellationToken).ConfigureAwait(false);
            var imported = await services.GetRequiredService<CredentialWallet>().ImportAsync(jwt, cancellationToken).ConfigureAwait(false);
            if (!imported.Succeeded)
            {
                throw new CliException($"{path.Name} was not imported: {imported.Error.Failure}: {imported.Error.Reason}");
            }

            await result.InvocationConfiguration.Output.WriteLineAsync($"Imported {imported.Value.Id} ({string.Join(", ", imported.Value.Types)}) from {imported.Value.Issuer} into {folder.Credentials(result)}").ConfigureAwait(false);
            return 0;
        });
        command.Subcommands.Add(import);
        return command;
    }
}

using System.CommandLine;
using System.Text.Json.Nodes;
using Dataspace.Identity.Dids;
using Dataspace.Identity.Jose;

namespace Dataspace.Cli.Identity;

/// <summary><c>dataspace keys new</c>: a new active signing key in the data folder's key store.</summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var command = new Command("keys", "Manage the signing keys in a data folder's key store.");
        var folder = new IdentityFolder();
        var algorithm = new Option<string>("--alg") { Description = "ES256 or EdDSA", DefaultValueFactory = _ => JwsAlgorithms.ES256 };
        var retainDays = new Option<int>("--retain-days") { Description = "How long the previous key stays in the DID document", DefaultValueFactory = _ => 365 };
        var create = new Command("new", "Create a new active key; the previous key is kept for --retain-days so what it signed still verifies.");
        folder.AddTo(create);
        create.Options.Add(algorithm);
        create.Options.Add(retainDays);
        create.SetAction(async (result, cancellationToken) =>
        {
            var alg = result.GetValue(algorithm)!;
            if (!JwsAlgorithms.CanSign(alg))
            {
                throw new CliException($"--alg '{alg}' is not supported; expected ES256 or EdDSA");
            }

            using var keys = folder.OpenKeyStore(result);
            var key = await keys.CreateAsync(alg, DateTimeOffset.UtcNow.AddDays(result.GetValue(retainDays)), cancellationToken).ConfigureAwait(false);
            var json = new JsonObject
            {
                ["id"] = key.Id,
                ["algorithm"] = key.Algorithm,
                ["publicKeyJwk"] = key.PublicKey.ToPublic().ToJson(),
                ["didKey"] = DidKeyResolver.CreateDid(key.PublicKey),
            };
            await result.InvocationConfiguration.Output.WriteLineAsync(json.ToJsonString(IdentityJson.Indented)).ConfigureAwait(false);
            return 0;
        });
        command.Subcommands.Add(create);
        return command;
    }
}

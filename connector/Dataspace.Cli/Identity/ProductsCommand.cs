using System.CommandLine;
using System.Text.Json.Nodes;
using Dataspace.Cli.Identity.Registration;

namespace Dataspace.Cli.Identity;

/// <summary><c>dataspace authority products list|revoke</c>: the operator's view of registered data products (数据产品登记).</summary>
/// <remarks>Works on the authority folder's SQLite store and issuing desk, so it works while <c>authority serve</c> runs.</remarks>
internal static class ProductsCommand
{
    public static Command Create()
    {
        var command = new Command("products", "Registered data products: list them, revoke a registration.");
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateRevoke());
        return command;
    }

    private static Command CreateList()
    {
        var folder = new IdentityFolder();
        var status = new Option<string>("--status") { Description = "registered, superseded, revoked or all", DefaultValueFactory = _ => "all" };
        var provider = new Option<string?>("--provider") { Description = "Only this member's (its DID)" };
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var command = new Command("list", "List data product registrations, oldest first.");
        folder.AddTo(command);
        command.Options.Add(status);
        command.Options.Add(provider);
        command.Options.Add(json);
        command.SetAction(async (result, cancellationToken) =>
        {
            var wanted = result.GetValue(status)!;
            if (wanted != "all" && !ProductRegistration.Statuses.Contains(wanted, StringComparer.Ordinal))
            {
                throw new CliException($"--status '{wanted}' is unknown; expected {string.Join(", ", ProductRegistration.Statuses)} or all");
            }

            var store = await ApplicationsCommand.OpenStoreAsync(folder, result, cancellationToken).ConfigureAwait(false);
            var products = await store.ListProductsAsync(wanted == "all" ? null : wanted, result.GetValue(provider), 100_000, cancellationToken).ConfigureAwait(false);
            var output = result.InvocationConfiguration.Output;
            if (result.GetValue(json))
            {
                await output.WriteLineAsync(new JsonArray([.. products.Select(p => (JsonNode?)RegistrationCentre.ProductJson(p))]).ToJsonString(IdentityJson.Indented)).ConfigureAwait(false);
                return 0;
            }

            if (products.Count == 0)
            {
                await output.WriteLineAsync("No data products registered.").ConfigureAwait(false);
            }

            foreach (var p in products)
            {
                await output.WriteLineAsync($"{p.Number}  {p.Status,-10}  {p.ProviderDid}  {p.DatasetId}  {p.Classification}  owner: {p.Owner}{(p.Reason is null ? "" : "  reason: " + p.Reason)}").ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    private static Command CreateRevoke()
    {
        var folder = new IdentityFolder();
        var number = new Argument<string>("NUMBER") { Description = "The registration number (from 'products list')" };
        var reason = new Option<string>("--reason") { Description = "Why (kept with the registration)", DefaultValueFactory = _ => "revoked by the operator" };
        var command = new Command("revoke", "Revoke a data product registration: its record is revoked in the status list, so catalogs stop showing it as registered.");
        folder.AddTo(command);
        command.Arguments.Add(number);
        command.Options.Add(reason);
        command.SetAction(async (result, cancellationToken) =>
        {
            var store = await ApplicationsCommand.OpenStoreAsync(folder, result, cancellationToken).ConfigureAwait(false);
            var id = result.GetValue(number)!;
            var existing = await store.GetProductAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new CliException($"no data product registration '{id}'");
            using var authority = await AuthorityCommand.OpenAsync(folder, result, cancellationToken).ConfigureAwait(false);
            // The status list first: a record marked revoked here but still valid in the list would be trusted by verifiers.
            if (!await authority.Desk.RevokeAsync(existing.CredentialId, cancellationToken).ConfigureAwait(false))
            {
                throw new CliException($"the record {existing.CredentialId} of {id} is not among this authority's issued credentials");
            }

            var revoked = await store.RevokeProductAsync(id, result.GetValue(reason)!, cancellationToken).ConfigureAwait(false);
            await result.InvocationConfiguration.Output.WriteLineAsync(revoked is null
                ? $"Registration {id} was already {existing.Status}; its record {existing.CredentialId} is revoked"
                : $"Revoked registration {id} ({revoked.DatasetId} of {revoked.ProviderDid}); record {revoked.CredentialId} revoked in the status list").ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}

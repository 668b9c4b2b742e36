using System.CommandLine;
using Dataspace.Connector.Client;

namespace Dataspace.Cli.Management;

/// <summary><c>dataspace offers list|create|delete</c>: assets offered under an access and a contract policy.</summary>
internal static class OffersCommand
{
    public static Command Create()
    {
        var command = new Command("offers", "Manage a running connector's offers (an asset under an access policy and a contract policy).");
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateCreate());
        command.Subcommands.Add(CreateDelete());
        return command;
    }

    private static Command CreateList()
    {
        var shared = new ManagementOptionsCli();
        var asset = new Option<string?>("--asset") { Description = "Only the offers of this asset" };
        var command = new Command("list", "List offers (up to 200).");
        command.Options.Add(asset);
        shared.AddTo(command);
        command.SetAction((result, cancellationToken) => shared.RunAsync(result, async (client, output, ct) =>
        {
            var page = await client.ListOffersAsync(limit: 200, assetId: result.GetValue(asset), cancellationToken: ct).ConfigureAwait(false);
            if (result.GetValue(shared.Json))
            {
                await ManagementOptionsCli.WriteJsonAsync(output, page.Items).ConfigureAwait(false);
                return 0;
            }

            await ConsoleTable.WriteAsync(output, ["ID", "ASSET", "ACCESS POLICY", "CONTRACT POLICY"],
                page.Items.Select(o => (IReadOnlyList<string?>)[o.Id, o.AssetId, o.AccessPolicyId, o.ContractPolicyId]), "(no offers)").ConfigureAwait(false);
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command CreateCreate()
    {
        var shared = new ManagementOptionsCli();
        var id = new Option<string?>("--id") { Description = "The offer id. Default: one the connector picks" };
        var asset = new Option<string>("--asset") { Description = "The asset to offer", Required = true };
        var access = new Option<string>("--access-policy") { Description = "The policy deciding who sees the offer in the catalog", Required = true };
        var contract = new Option<string>("--contract-policy") { Description = "The policy a consumer agrees to", Required = true };
        var command = new Command("create", "Offer an asset under an access policy and a contract policy.");
        command.Options.Add(id);
        command.Options.Add(asset);
        command.Options.Add(access);
        command.Options.Add(contract);
        shared.AddTo(command);
        command.SetAction((result, cancellationToken) => shared.RunAsync(result, async (client, output, ct) =>
        {
            var offer = await client.CreateOfferAsync(new OfferInput(result.GetValue(id), result.GetValue(asset)!, result.GetValue(access)!, result.GetValue(contract)!), ct).ConfigureAwait(false);
            await (result.GetValue(shared.Json) ? ManagementOptionsCli.WriteJsonAsync(output, offer) : output.WriteLineAsync($"Created offer {offer.Id}")).ConfigureAwait(false);
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command CreateDelete()
    {
        var shared = new ManagementOptionsCli();
        var id = new Argument<string>("id") { Description = "The offer id" };
        var command = new Command("delete", "Withdraw an offer.");
        command.Arguments.Add(id);
        shared.AddTo(command);
        command.SetAction((result, cancellationToken) => shared.RunAsync(result, async (client, output, ct) =>
        {
            await client.DeleteOfferAsync(result.GetValue(id)!, ct).ConfigureAwait(false);
            await output.WriteLineAsync($"Deleted offer {result.GetValue(id)}").ConfigureAwait(false);
            return 0;
        }, cancellationToken));
        return command;
    }
}

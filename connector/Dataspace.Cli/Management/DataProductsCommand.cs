using System.CommandLine;
using Dataspace.Connector.Client;

namespace Dataspace.Cli.Management;

/// <summary>
/// <c>dataspace products register --asset ID --classification L --owner O --source S --frequency F --legal-basis B</c>:
/// registers an asset as a data product (数据产品登记) with the authority the connector joined.
/// </summary>
internal static class DataProductsCommand
{
    public static Command Create()
    {
        var command = new Command("products", "Data products: register an asset with the data space's registration centre.");
        command.Subcommands.Add(CreateRegister());
        return command;
    }

    private static Command CreateRegister()
    {
        var shared = new ManagementOptionsCli();
        var asset = new Option<string>("--asset") { Description = "The asset (dataset) to register", Required = true };
        var classification = new Option<string>("--classification") { Description = "Its classification level (数据分类分级): core, important or general", Required = true };
        var owner = new Option<string>("--owner") { Description = "Who owns the data", Required = true };
        var source = new Option<string>("--source") { Description = "Where the data comes from", Required = true };
        var frequency = new Option<string>("--frequency") { Description = "How often it is updated: a code of the EU frequency vocabulary (DAILY, WEEKLY, MONTHLY, ANNUAL, IRREG, ...) or its IRI", Required = true };
        var legalBasis = new Option<string>("--legal-basis") { Description = "The legal basis of holding and offering the data", Required = true };
        var command = new Command("register", "Register an asset with the authority the connector joined; its catalog then carries the signed registration record.");
        foreach (var option in new Option[] { asset, classification, owner, source, frequency, legalBasis })
        {
            command.Options.Add(option);
        }

        shared.AddTo(command);
        command.SetAction((result, cancellationToken) => shared.RunAsync(result, async (client, output, ct) =>
        {
            var registration = await client.RegisterProductAsync(
                result.GetValue(asset)!,
                new ProductRegistrationInput(result.GetValue(owner)!, result.GetValue(source)!, result.GetValue(classification)!, result.GetValue(frequency)!, result.GetValue(legalBasis)!),
                ct).ConfigureAwait(false);
            if (result.GetValue(shared.Json))
            {
                await ManagementOptionsCli.WriteJsonAsync(output, registration).ConfigureAwait(false);
                return 0;
            }

            await output.WriteLineAsync($"Registered {registration.DatasetId} as data product {registration.RegistrationNumber} ({registration.Classification}, {registration.UpdateFrequency})").ConfigureAwait(false);
            await output.WriteLineAsync($"  The record is stored with the asset; the catalog carries it until {registration.ValidUntil?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "revoked"}").ConfigureAwait(false);
            return 0;
        }, cancellationToken));
        return command;
    }
}

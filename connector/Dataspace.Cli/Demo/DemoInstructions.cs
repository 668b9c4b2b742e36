namespace Dataspace.Cli.Demo;

/// <summary>The <c>dataspace</c> commands that do what the demo did, by hand, with two connectors on fixed ports.</summary>
internal static class DemoInstructions
{
    public static async Task WriteAsync(TextWriter output, string assetId, string fileName, string csv, string policyId, string offerId)
    {
        const string provider = "http://127.0.0.1:8181";
        const string consumer = "http://127.0.0.1:8282";
        var lines = new[]
        {
            "",
            "To do the same by hand, run each connector in its own terminal:",
            "",
            $"  DATASPACE_Connector__ParticipantId={LocalConnectorPair.ProviderId} \\",
            $"  DATASPACE_Connector__Dsp__StaticTokens__consumertoken={LocalConnectorPair.ConsumerId} \\",
            "  DATASPACE_Connector__Dsp__OutboundToken=providertoken \\",
            "  dataspace run --data-dir provider-data --port 8181",
            "",
            $"  DATASPACE_Connector__ParticipantId={LocalConnectorPair.ConsumerId} \\",
            $"  DATASPACE_Connector__Dsp__StaticTokens__providertoken={LocalConnectorPair.ProviderId} \\",
            "  DATASPACE_Connector__Dsp__OutboundToken=consumertoken \\",
            "  dataspace run --data-dir consumer-data --port 8282",
            "",
            "then, in a third terminal, publish on the provider and fetch as the consumer:",
            "",
            "  mkdir -p provider-data/plugins/dataspace.storage.filesystem/files",
            $"  printf '{csv.Replace("\n", "\\n", StringComparison.Ordinal)}' > provider-data/plugins/dataspace.storage.filesystem/files/{fileName}",
            $"  echo '{DemoCommand.OpenPolicyJson}' > {policyId}.json",
            $"  dataspace assets create --data-dir provider-data --id {assetId} --address path={fileName} --property \"title={DemoCommand.Title}\"",
            $"  dataspace policies create --data-dir provider-data --id {policyId} --file {policyId}.json",
            $"  dataspace offers create --data-dir provider-data --id {offerId} --asset {assetId} --access-policy {policyId} --contract-policy {policyId}",
            $"  dataspace catalog --connector {consumer} --data-dir consumer-data --from {provider}/api/dsp",
            $"  dataspace negotiate --connector {consumer} --data-dir consumer-data --from {provider}/api/dsp --offer {offerId} --wait",
            $"  dataspace transfer --connector {consumer} --data-dir consumer-data --agreement AGREEMENT_ID --to {fileName}",
            "",
            "(AGREEMENT_ID is the id 'negotiate' prints; static tokens stand in for DCP identities on this machine.)",
        };
        foreach (var line in lines)
        {
            await output.WriteLineAsync(line).ConfigureAwait(false);
        }
    }
}

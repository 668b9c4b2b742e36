namespace Dataspace.Cli.Demo;

/// <summary>
/// The commands that do what the demo did, by hand: an authority and two <c>dataspace run</c> connectors on fixed
/// loopback ports with did:web identities, then credentials, publication, catalog, negotiation and transfer.
/// </summary>
/// <remarks>Every line indented by two spaces is a shell command (a trailing backslash continues it); tests run them.</remarks>
internal static class DemoInstructions
{
    public const int AuthorityPort = 8190;
    public const int ProviderPort = 8181;
    public const int ConsumerPort = 8282;
    public const string Secret = "demo-keystore-secret-change-me";

    public static async Task WriteAsync(TextWriter output, DemoPublication publication)
    {
        foreach (var line in Lines(publication))
        {
            await output.WriteLineAsync(line).ConfigureAwait(false);
        }
    }

    public static IReadOnlyList<string> Lines(DemoPublication p)
    {
        var authority = LocalDataspace.DidFor(AuthorityPort);
        var (providerDid, providerUrl) = (LocalDataspace.DidFor(ProviderPort), LocalDataspace.Url(ProviderPort));
        var (consumerDid, consumerUrl) = (LocalDataspace.DidFor(ConsumerPort), LocalDataspace.Url(ConsumerPort));
        var type = LocalDataspace.CredentialType;
        var files = "provider-data/plugins/dataspace.storage.filesystem/files";
        var lines = new List<string>
        {
            "",
            "To do the same by hand, open four terminals in one empty folder. In each, make 'dataspace' this command and set the",
            "same key-store secret (it encrypts the private keys in each data folder; choose your own, at least 16 characters):",
            "",
            $"  alias dataspace='{ThisCommand()}'",
            $"  export DATASPACE_KEYSTORE_SECRET={Secret}",
            "",
            $"Terminal 1, the authority ({authority}; did:web over plain HTTP is allowed for loopback hosts only):",
            "",
            $"  dataspace authority init --data-dir authority-data --did {authority} --public-url {LocalDataspace.Url(AuthorityPort)} --type {type}",
            $"  dataspace authority serve --data-dir authority-data --port {AuthorityPort}",
            "",
        };
        lines.AddRange(Connector("Terminal 2, the provider", "provider-data", providerDid, ProviderPort));
        lines.AddRange(Connector("Terminal 3, the consumer", "consumer-data", consumerDid, ConsumerPort));
        lines.AddRange(
        [
            "Terminal 4: membership credentials from the authority into each wallet, then publish on the provider and fetch as the consumer:",
            "",
            $"  dataspace authority issue --data-dir authority-data --subject {providerDid} --type {type} --claim dataspace={p.DataspaceName} --out provider-membership.jwt",
            $"  dataspace vc import provider-membership.jwt --data-dir provider-data --did {providerDid}",
            $"  dataspace authority issue --data-dir authority-data --subject {consumerDid} --type {type} --claim dataspace={p.DataspaceName} --out consumer-membership.jwt",
            $"  dataspace vc import consumer-membership.jwt --data-dir consumer-data --did {consumerDid}",
            $"  mkdir -p {files}",
            $"  printf '{p.Content.Replace("\n", "\\n", StringComparison.Ordinal)}' > {files}/{p.FileName}",
            $"  echo '{p.PolicyJson}' > {p.PolicyId}.json",
            $"  dataspace assets create --connector {providerUrl} --data-dir provider-data --id {p.AssetId} --address path={p.FileName} --property \"title={p.Title}\"",
            $"  dataspace policies create --connector {providerUrl} --data-dir provider-data --id {p.PolicyId} --file {p.PolicyId}.json",
            $"  dataspace offers create --connector {providerUrl} --data-dir provider-data --id {p.OfferId} --asset {p.AssetId} --access-policy {p.PolicyId} --contract-policy {p.PolicyId}",
            $"  dataspace catalog --connector {consumerUrl} --data-dir consumer-data --from {providerUrl}/api/dsp --counter-party-id {providerDid}",
            $"  AGREEMENT_ID=$(dataspace negotiate --connector {consumerUrl} --data-dir consumer-data --from {providerUrl}/api/dsp --counter-party-id {providerDid} --offer {p.OfferId} --wait | tail -n 1)",
            $"  dataspace transfer --connector {consumerUrl} --data-dir consumer-data --agreement \"$AGREEMENT_ID\" --to {p.FileName}",
            "",
            "(DCP tokens are addressed to the provider's DID, hence --counter-party-id; 'negotiate --wait' prints the agreement id last.)",
        ]);
        return lines;
    }

    /// <summary>How to start the running <c>dataspace</c> again: its assembly through <c>dotnet</c>, or the executable when published as one file.</summary>
    private static string ThisCommand()
    {
        var assembly = typeof(DemoInstructions).Assembly.Location;
        return assembly.Length > 0 ? $"dotnet \"{assembly}\"" : $"\"{Environment.ProcessPath}\"";
    }

    private static IEnumerable<string> Connector(string title, string data, string did, int port) =>
    [
        $"{title} ({did}):",
        "",
        $"  mkdir -p {data} && cp authority-data/trust-anchors.json {data}/",
        $"  DATASPACE_Connector__Identity__Did={did} \\",
        $"  DATASPACE_Connector__Identity__PublicUrl={LocalDataspace.Url(port)} \\",
        "  DATASPACE_Connector__Identity__TrustAnchorsFile=trust-anchors.json \\",
        "  DATASPACE_Connector__Identity__AllowHttpForLoopback=true \\",
        "  DATASPACE_Connector__Egress__AllowPrivateNetworks=true \\",
        $"  dataspace run --data-dir {data} --port {port}",
        "",
    ];
}

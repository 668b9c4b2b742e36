using System.Globalization;
using System.Text.Json.Nodes;
using Dataspace.Connector.Audit;
using Dataspace.Connector.Management;

namespace Dataspace.Cli.Demo;

/// <summary>
/// <c>dataspace demo --evidence DIR</c>: once the consumer has co-signed the provider's checkpoint covering the demo's
/// agreement, the provider's evidence bundle for the agreement is written to <c>DIR/agreement.bundle</c>.
/// </summary>
internal static class DemoEvidence
{
    /// <summary>The bundle's file name in the evidence folder.</summary>
    public const string BundleName = "agreement.bundle";

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public static Task WriteAsync(DemoSteps steps, LocalDataspace space, string agreementId, string folder, TimeSpan wait, CancellationToken cancellationToken) =>
        steps.RunAsync("Write the provider's evidence bundle for the agreement", async ct =>
        {
            var witnessed = await WaitForCosignatureAsync(space.Provider, agreementId, wait, ct).ConfigureAwait(false);
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, BundleName);
            var partial = path + ".partial";
            long bytes;
            var file = File.Create(partial);
            await using (file.ConfigureAwait(false))
            {
                bytes = await space.Provider.Client.DownloadAuditBundleAsync(agreementId, null, null, null, file, ct).ConfigureAwait(false);
                await file.FlushAsync(ct).ConfigureAwait(false);
            }

            File.Move(partial, path, overwrite: true);
            return (path, (IReadOnlyList<string>)[
                $"the consumer {space.ConsumerDid} co-signed the provider's checkpoint of size {witnessed} covering agreement {agreementId}",
                $"{path}: {bytes} bytes (entries, inclusion proofs, checkpoints with the cosignature, DID documents)",
                $"check it offline: dataspace audit verify {path}"]);
        }, cancellationToken);

    // The provider records each cosignature it receives (WitnessRecordTypes.Received); the size it covers is in its details.
    private static async Task<long> WaitForCosignatureAsync(LocalConnector provider, string agreementId, TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + wait;
        var url = new Uri($"{provider.BaseAddress}{ManagementEndpoints.BasePath}/audit/entries?type={Uri.EscapeDataString(WitnessRecordTypes.Received)}&agreementId={Uri.EscapeDataString(agreementId)}");
        while (true)
        {
            using (var request = new HttpRequestMessage(HttpMethod.Get, url))
            {
                request.Headers.Add(ManagementApiKey.HeaderName, provider.ApiKey);
                using var response = await provider.Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode && JsonNode.Parse(body) is JsonNode page && Items(page).FirstOrDefault() is { } entry
                    && entry["record"]?["details"]?["size"]?.GetValue<long>() is { } size)
                {
                    return size;
                }
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new CliException($"the consumer did not co-sign the provider's checkpoint covering agreement {agreementId} within {wait.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s");
            }

            await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
        }
    }

    private static IEnumerable<JsonNode> Items(JsonNode page) =>
        (page as JsonArray ?? page["items"] as JsonArray ?? []).OfType<JsonNode>();
}

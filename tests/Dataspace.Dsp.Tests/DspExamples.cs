using System.Text.Json.Nodes;
using Dataspace.Testing;

namespace Dataspace.Dsp.Tests;

/// <summary>The DSP 2025-1 example messages of ../shared, and a typed reader for each by its @type.</summary>
internal static class DspExamples
{
    private static readonly Dictionary<string, Reader> Readers = new(StringComparer.Ordinal)
    {
        [ContractRequestMessage.TypeName] = Of<ContractRequestMessage>(),
        [ContractOfferMessage.TypeName] = Of<ContractOfferMessage>(),
        [ContractAgreementMessage.TypeName] = Of<ContractAgreementMessage>(),
        [ContractAgreementVerificationMessage.TypeName] = Of<ContractAgreementVerificationMessage>(),
        [ContractNegotiationEventMessage.TypeName] = Of<ContractNegotiationEventMessage>(),
        [ContractNegotiationTerminationMessage.TypeName] = Of<ContractNegotiationTerminationMessage>(),
        [ContractNegotiation.TypeName] = Of<ContractNegotiation>(),
        [ContractNegotiationError.TypeName] = Of<ContractNegotiationError>(),
        [TransferRequestMessage.TypeName] = Of<TransferRequestMessage>(),
        [TransferStartMessage.TypeName] = Of<TransferStartMessage>(),
        [TransferCompletionMessage.TypeName] = Of<TransferCompletionMessage>(),
        [TransferSuspensionMessage.TypeName] = Of<TransferSuspensionMessage>(),
        [TransferTerminationMessage.TypeName] = Of<TransferTerminationMessage>(),
        [TransferProcess.TypeName] = Of<TransferProcess>(),
        [TransferError.TypeName] = Of<TransferError>(),
        [CatalogRequestMessage.TypeName] = Of<CatalogRequestMessage>(),
        [DatasetRequestMessage.TypeName] = Of<DatasetRequestMessage>(),
        [CatalogError.TypeName] = Of<CatalogError>(),
        [Catalog.TypeName] = Of<Catalog>(),
        [Dataset.TypeName] = Of<Dataset>(),
    };

    /// <summary>Reads a message by the given path and writes the record back, so that records compare as canonical JSON.</summary>
    internal sealed record Reader(
        Func<DspSerializer, byte[], JsonNode?> Canonical,
        Func<DspSerializer, byte[], Task<JsonNode>> Read,
        Func<DspSerializer, JsonNode, Task<JsonNode>> Expanded);

    public static IEnumerable<string> Files() =>
        new[] { "catalog", "negotiation", "transfer" }
            .SelectMany(area => Directory.GetFiles(RepositoryPaths.SharedPath("dsp-2025-1", area, "example"), "*.json"))
            .Order(StringComparer.Ordinal);

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        if (RepositoryPaths.SharedExists)
        {
            foreach (var file in Files())
            {
                data.Add(Path.GetRelativePath(RepositoryPaths.SharedPath("dsp-2025-1"), file));
            }
        }
        else
        {
            data.Add("(../shared is absent)");
        }

        return data;
    }

    public static byte[] Bytes(string name) => File.ReadAllBytes(RepositoryPaths.SharedPath("dsp-2025-1", name));

    public static Reader ReaderFor(byte[] json) => Readers[JsonNode.Parse(json)!["@type"]!.GetValue<string>()];

    private static Reader Of<T>()
        where T : class, IDspMessage => new(
        (s, b) => s.TryReadCanonical<T>(b, out var m) ? JsonNode.Parse(s.Write(m)) : null,
        async (s, b) => JsonNode.Parse(s.Write(await s.ReadAsync<T>(b)))!,
        async (s, n) => JsonNode.Parse(s.Write(await s.ReadExpandedAsync<T>(n)))!);
}

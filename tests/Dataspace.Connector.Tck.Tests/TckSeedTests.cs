using Dataspace.Connector.Negotiation;
using Dataspace.Connector.Tck;
using Dataspace.Connector.Transfer;
using Dataspace.Testing;

namespace Dataspace.Connector.Tck.Tests;

public sealed class TckSeedTests
{
    [Fact]
    public void Load_RepositorySeed_ScriptsTheTckReactions()
    {
        var seed = TckSeed.Load(Path.Combine(RepositoryPaths.Root, "tck", "seed.json"));

        Assert.Equal(NegotiationReactionKind.Offer, seed.ReactionFor("ACN0101", NegotiationStep.Requested).Kind);
        Assert.Equal(NegotiationReactionKind.Terminate, seed.ReactionFor("ACN0201", NegotiationStep.Requested).Kind);
        Assert.Equal(NegotiationReactionKind.Proceed, seed.ReactionFor("ACN0104", NegotiationStep.Requested).Kind);
        Assert.Equal(NegotiationReactionKind.Proceed, seed.ReactionFor("not-in-the-seed", NegotiationStep.Requested).Kind);
        Assert.Equal(NegotiationReactionKind.Accept, seed.ReactionFor("ACNC0101", NegotiationStep.OfferReceived).Kind);
        Assert.Equal("consumer", Assert.Single(seed.Datasets, d => d.Id == "ACNC0101").Side);
        Assert.Equal("consumer", Assert.Single(seed.Agreements, a => a.Id == "ATPC0203").Side);
        Assert.Equal(new[] { "started:suspend", "suspended:terminate" }, Assert.Single(seed.Agreements, a => a.Id == "ATPC0203").Transfer);
        Assert.Equal(TransferAction.Terminate, TckSeed.ConsumerTransferWords["requested:terminate"]);
    }

    [Theory]
    [InlineData("""{ "datasets": [ { "id": "A", "negotiation": { "requested": "agreee" } } ] }""", "reaction of agree, finalize, verify, accept, offer, wait, terminate")]
    [InlineData("""{ "datasets": [ { "id": "A", "side": "both" } ] }""", "expected provider (ours, stored as an asset) or consumer")]
    [InlineData("""{ "datasets": [ { "id": "A", "negotiation": { "signed": "agree" } } ] }""", "expected a step of Requested, Offered")]
    [InlineData("""{ "datasets": [ { "id": "A" }, { "id": "A" } ] }""", "repeats a dataset or offer id")]
    [InlineData("""{ "datasets": [ { "id": "A", "offerIdd": "x" } ] }""", "cannot be read")]
    [InlineData("""null""", "is empty")]
    [InlineData("""{ "agreements": [ { "id": "X", "side": "consumer", "datasetId": "D", "transfer": ["terminate"] } ] }""", "expected state:action, one of requested:terminate")]
    [InlineData("""{ "agreements": [ { "id": "X", "side": "consumer", "datasetId": "" } ] }""", "has no datasetId")]
    [InlineData("""{ "agreements": [ { "id": "X", "side": "both", "datasetId": "D" } ] }""", "expected provider (we provide) or consumer")]
    public void Load_BadSeed_FailsNamingTheKeyAndWhatWasExpected(string json, string expected)
    {
        var folder = Directory.CreateTempSubdirectory("tck-seed-tests-").FullName;
        InvalidOperationException error;
        try
        {
            var path = Path.Combine(folder, "seed.json");
            File.WriteAllText(path, json);

            error = Assert.Throws<InvalidOperationException>(() => TckSeed.Load(path));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        Assert.Contains("Connector:Tck:SeedFile", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}

using Dataspace.Plugins.Compute.Embedded.Psi;
using Dataspace.Sdk.Compute;
using Dataspace.Sdk.Testing.Compute;
using static Dataspace.Plugins.Compute.Embedded.Tests.Psi.PsiTestData;

namespace Dataspace.Plugins.Compute.Embedded.Tests.Psi;

public sealed class EcdhPsiComponentTests
{
    // receiver rows, sender rows, overlap start in the sender's range, batch size
    [Theory]
    [InlineData(0, 0, 0, 4096)]
    [InlineData(0, 50, 0, 16)]
    [InlineData(50, 0, 0, 16)]
    [InlineData(1, 1, 0, 4096)]
    [InlineData(100, 100, 0, 7)]        // full overlap, several batches of odd size
    [InlineData(1000, 700, 500, 64)]    // partial overlap: 200 common
    [InlineData(300, 300, 300, 4096)]   // disjoint
    public async Task Intersection_ToReceiver_EqualsPlaintextIntersection(int receiverRows, int senderRows, int senderStart, int batch)
    {
        var receiverKeys = Keys(0, receiverRows);
        var senderKeys = Keys(senderStart, senderStart + senderRows);
        var (receiver, sender) = await RunAsync(receiverKeys, senderKeys, Attributes(batchSize: batch), Release([ReleaseKinds.Intersection]));

        Assert.True(receiver.Result.Succeeded, receiver.Result.Reason);
        Assert.True(sender.Result.Succeeded, sender.Result.Reason);
        var expected = receiverKeys.Intersect(senderKeys).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, Table(receiver).Order(StringComparer.Ordinal).ToList());
        Assert.Equal(expected.Count, Size(receiver));
        Assert.Equal(receiverRows, receiver.Result.RowsProcessed);
        Assert.Empty(sender.Outputs.Tables);
        Assert.Empty(sender.Outputs.Values);
    }

    [Fact]
    public async Task Intersection_DuplicatesInBothInputs_EachCommonKeyOnceInInputOrder()
    {
        List<string> receiverKeys = ["c", "a", "x", "a", "b", "c", "c", "", "é"];
        List<string> senderKeys = ["a", "a", "c", "z", "c", "", "é"];
        var (receiver, _) = await RunAsync(receiverKeys, senderKeys, Attributes(batchSize: 2), Release([ReleaseKinds.Intersection]));

        Assert.True(receiver.Result.Succeeded, receiver.Result.Reason);
        Assert.Equal(["c", "a", "", "é"], Table(receiver));
        Assert.Equal(4, Size(receiver));
    }

    [Fact]
    public async Task Intersection_ToBoth_EachPartyGetsItsCommonRows()
    {
        var receiverKeys = Keys(0, 500);
        var senderKeys = Keys(250, 900);
        var (receiver, sender) = await RunAsync(receiverKeys, senderKeys, Attributes(receivers: "both", batchSize: 100),
            Release([ReleaseKinds.Intersection], [ReleaseKinds.Intersection]));

        Assert.True(receiver.Result.Succeeded, receiver.Result.Reason);
        Assert.True(sender.Result.Succeeded, sender.Result.Reason);
        var expected = Keys(250, 500);
        Assert.Equal(expected, Table(receiver));
        Assert.Equal(expected, Table(sender));
    }

    [Fact]
    public async Task Intersection_RunsSpilledToDisk_SameResultAndFilesRemoved()
    {
        var spill = Directory.CreateTempSubdirectory("psi-test-").FullName;
        try
        {
            var receiverKeys = Keys(0, 3000);
            var senderKeys = Keys(1000, 5000);
            var options = new EcdhPsiOptions { SpillDirectory = spill, RunCapacity = 256 };
            var (receiver, _) = await RunAsync(receiverKeys, senderKeys, Attributes(batchSize: 500), Release([ReleaseKinds.Intersection]), options: options);

            Assert.True(receiver.Result.Succeeded, receiver.Result.Reason);
            Assert.Equal(Keys(1000, 3000), Table(receiver));
            Assert.Empty(Directory.EnumerateFileSystemEntries(spill));
        }
        finally
        {
            Directory.Delete(spill, recursive: true);
        }
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(400, 300, 100)]
    [InlineData(200, 200, 0)]
    [InlineData(50, 60, 1000)]
    public async Task Cardinality_ReceiverGetsOnlyTheSize(int receiverRows, int senderRows, int senderStart)
    {
        var receiverKeys = Keys(0, receiverRows);
        var senderKeys = Keys(senderStart, senderStart + senderRows);
        var options = new EcdhPsiOptions { RunCapacity = 64 };
        var (receiver, sender) = await RunAsync(receiverKeys, senderKeys, Attributes(mode: "cardinality", batchSize: 32), Release([ReleaseKinds.Cardinality]), options: options);

        Assert.True(receiver.Result.Succeeded, receiver.Result.Reason);
        Assert.True(sender.Result.Succeeded, sender.Result.Reason);
        Assert.Equal(receiverKeys.Intersect(senderKeys).Count(), Size(receiver));
        Assert.Equal(ReleaseKinds.Cardinality, receiver.Outputs.Values["intersection_size"].Kind);
        Assert.Empty(receiver.Outputs.Tables);
        Assert.Empty(sender.Outputs.Values);
    }

    [Fact]
    public async Task Cardinality_ToBoth_WithDuplicates_BothGetTheDistinctCount()
    {
        List<string> receiverKeys = ["a", "b", "b", "c", "d"];
        List<string> senderKeys = ["b", "c", "c", "e"];
        var (receiver, sender) = await RunAsync(receiverKeys, senderKeys, Attributes(mode: "cardinality", receivers: "both", batchSize: 2),
            Release([ReleaseKinds.Cardinality], [ReleaseKinds.Cardinality]));

        Assert.True(receiver.Result.Succeeded, receiver.Result.Reason);
        Assert.True(sender.Result.Succeeded, sender.Result.Reason);
        Assert.Equal(2, Size(receiver));
        Assert.Equal(2, Size(sender));
    }

    [Fact]
    public async Task Intersection_AgreementAllowsOnlyCardinality_RefusedBeforeAnyMessage()
    {
        var network = new InProcessComputeNetwork([Receiver, Sender]) { RecordMessages = true };
        var (receiver, sender) = await RunAsync(Keys(0, 10), Keys(0, 10), Attributes(), Release([ReleaseKinds.Cardinality]), network);

        Assert.False(receiver.Result.Succeeded);
        Assert.False(sender.Result.Succeeded);
        Assert.Contains("does not allow", receiver.Result.Reason, StringComparison.Ordinal);
        Assert.Contains("'intersection'", receiver.Result.Reason, StringComparison.Ordinal);
        Assert.Contains("nothing was computed", sender.Result.Reason, StringComparison.Ordinal);
        Assert.Empty(network.Transcript);
        Assert.Empty(receiver.Outputs.Tables);
        Assert.Empty(receiver.Outputs.Values);
    }

    [Fact]
    public async Task IntersectionToBoth_SenderNotAllowed_Refused()
    {
        var network = new InProcessComputeNetwork([Receiver, Sender]) { RecordMessages = true };
        var (receiver, _) = await RunAsync(Keys(0, 10), Keys(0, 10), Attributes(receivers: "both"), Release([ReleaseKinds.Intersection], [ReleaseKinds.Cardinality]), network);

        Assert.False(receiver.Result.Succeeded);
        Assert.Contains(Sender, receiver.Result.Reason, StringComparison.Ordinal);
        Assert.Empty(network.Transcript);
    }

    [Theory]
    [InlineData("mode", "\"everything\"", "'mode'")]
    [InlineData("receivers", "\"nobody\"", "'receivers'")]
    [InlineData("curve", "\"p256\"", "'curve'")]
    [InlineData("batch_size", "0", "'batch_size'")]
    [InlineData("key", "\"no_such_column\"", "no_such_column")]
    public async Task BadAttribute_FailsWithItsName(string name, string json, string expected)
    {
        var attributes = Attributes();
        attributes[name] = System.Text.Json.JsonDocument.Parse(json).RootElement.Clone();
        var (receiver, _) = await RunAsync(Keys(0, 3), Keys(0, 3), attributes, Release([ReleaseKinds.Intersection]));

        Assert.False(receiver.Result.Succeeded);
        Assert.Contains(expected, receiver.Result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SettingsDiffer_FailsAfterHelloWithoutData()
    {
        // Each party reads its own attributes; here they disagree on the mode (a broken or hostile engine).
        var network = new InProcessComputeNetwork([Receiver, Sender]) { RecordMessages = true };
        var component = new EcdhPsiComponent();
        var release = Release([ReleaseKinds.Intersection, ReleaseKinds.Cardinality]);
        var receiverRun = component.RunAsync(Context(ReceiverParty, network, Attributes(), release, Keys(0, 5)), default);
        var senderRun = component.RunAsync(Context(SenderParty, network, Attributes(mode: "cardinality"), release, Keys(0, 5)), default);
        var results = await Task.WhenAll(receiverRun, senderRun).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.All(results, r => Assert.False(r.Succeeded));
        Assert.Contains("other settings", results[0].Reason, StringComparison.Ordinal);
        Assert.All(network.Transcript, m => Assert.Equal("psi/ecdh/hello", m.Topic));
    }

    internal static ComponentContext Context(ComputeParty self, InProcessComputeNetwork network, Dictionary<string, System.Text.Json.JsonElement> attributes, ReleasePolicy release, IReadOnlyList<string> keys)
        => new()
        {
            JobId = "job-1",
            TaskId = "task-1",
            Self = self.ParticipantId,
            Role = self.Role,
            Parties = [ReceiverParty, SenderParty],
            Attributes = attributes,
            Inputs = new Dictionary<string, IComputeInput> { ["input"] = Input(keys) },
            Outputs = new MemoryComputeOutputs(self.ParticipantId, release),
            Channel = network.For(self.ParticipantId),
            Release = release,
        };
}

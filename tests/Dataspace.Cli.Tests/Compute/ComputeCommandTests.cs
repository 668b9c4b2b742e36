using Dataspace.Cli.Tests.Management;

namespace Dataspace.Cli.Tests.Compute;

/// <summary><c>dataspace compute ...</c> against running connectors (jobs run end to end in <see cref="ComputeEndToEndTests"/>).</summary>
public sealed class ComputeCommandTests : IClassFixture<ConnectorPairFixture>
{
    private readonly ConnectorPairFixture _connectors;

    public ComputeCommandTests(ConnectorPairFixture connectors) => _connectors = connectors;

    [Fact]
    public async Task List_OnAConnectorWithTheTaskChannel_SaysItHasNoJobsYet()
    {
        // The host registers the gRPC task channel, so the engine runs and answers (no test of this class proposes a job).
        var result = await _connectors.ConsumerAsync("compute", "list");

        Assert.True(result.ExitCode == 0, result.Error + result.Output);
        Assert.Equal("(no compute jobs)", result.Output.Trim());
    }

    [Fact]
    public async Task Run_WithAMissingInput_IsRefusedBeforeAnythingIsSent()
    {
        var missing = Path.Combine(_connectors.Pair.Consumer.DataDirectory, "no-such-input.csv");

        var result = await _connectors.ConsumerAsync("compute", "run", "--agreement", "agreement-1", "--component", "psi/ecdh:1", "--input", missing);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"--input '{missing}' does not exist", result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithoutTheRequiredOptions_NamesThem()
    {
        var result = await _connectors.ConsumerAsync("compute", "run");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--agreement", result.Output + result.Error, StringComparison.Ordinal);
    }
}

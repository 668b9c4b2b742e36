using Dataspace.Cli.Tests.Management;

namespace Dataspace.Cli.Tests.Compute;

/// <summary><c>dataspace compute ...</c> against running connectors that have no task channel yet (the gRPC channel is registered separately).</summary>
public sealed class ComputeCommandTests : IClassFixture<ConnectorPairFixture>
{
    private readonly ConnectorPairFixture _connectors;

    public ComputeCommandTests(ConnectorPairFixture connectors) => _connectors = connectors;

    [Fact]
    public async Task List_OnAConnectorWithoutAnEngine_SaysSo()
    {
        var result = await _connectors.ConsumerAsync("compute", "list");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("runs no compute engine", result.Output + result.Error, StringComparison.Ordinal);
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

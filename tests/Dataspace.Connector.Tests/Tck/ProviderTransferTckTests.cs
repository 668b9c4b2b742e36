namespace Dataspace.Connector.Tests.Tck;

/// <summary>
/// The DSP TCK's transfer process provider cases (TP:01-xx to TP:03-xx) against our connector in TCK mode, under the
/// pre-agreed agreements of tck/seed.json and the provider's transfer scripted per agreement.
/// </summary>
public sealed class ProviderTransferTckTests
{
    [Fact]
    public async Task TP_01_01_ProviderStarted_ProviderTerminated()
    {
        await using var tck = await TckConnector.StartAsync();
        var tp = new TckTransfer(tck.Peer);
        await tp.SendTransferRequestAsync("ATP0101");
        await tp.ExpectStartAsync();
        await tp.ExpectTerminationAsync();
        await tp.VerifyProviderStateAsync("TERMINATED");
    }

    [Fact]
    public async Task TP_01_02_ProviderStarted_ProviderCompleted()
    {
        await using var tck = await TckConnector.StartAsync();
        var tp = new TckTransfer(tck.Peer);
        await tp.SendTransferRequestAsync("ATP0102");
        await tp.ExpectStartAsync();
        await tp.ExpectCompletionAsync();
        await tp.VerifyProviderStateAsync("COMPLETED");
    }

    [Fact]
    public async Task TP_01_03_ProviderStarted_ProviderSuspended_ProviderTerminated()
    {
        await using var tck = await TckConnector.StartAsync();
        var tp = new TckTransfer(tck.Peer);
        await tp.SendTransferRequestAsync("ATP0103");
        await tp.ExpectStartAsync();
        await tp.ExpectSuspensionAsync();
        await tp.ExpectTerminationAsync();
        await tp.VerifyProviderStateAsync("TERMINATED");
    }

    [Fact]
    public async Task TP_01_04_ProviderStarted_ProviderSuspended_ProviderStarted_ProviderCompleted()
    {
        await using var tck = await TckConnector.StartAsync();
        var tp = new TckTransfer(tck.Peer);
        await tp.SendTransferRequestAsync("ATP0104");
        await tp.ExpectStartAsync();
        await tp.ExpectSuspensionAsync();
        await tp.ExpectStartAsync();
        await tp.ExpectCompletionAsync();
        await tp.VerifyProviderStateAsync("COMPLETED");
    }

    [Fact]
    public async Task TP_01_05_ProviderTerminated()
    {
        await using var tck = await TckConnector.StartAsync();
        var tp = new TckTransfer(tck.Peer);
        await tp.SendTransferRequestAsync("ATP0105");
        await tp.ExpectTerminationAsync();
        await tp.VerifyProviderStateAsync("TERMINATED");
    }

    [Fact]
    public async Task TP_02_01_ProviderStarted_ConsumerTerminated()
    {
        await using var tck = await TckConnector.StartAsync();
        var tp = new TckTransfer(tck.Peer);
        await tp.SendTransferRequestAsync("ATP0201");
        await tp.ExpectStartAsync();
        await tp.VerifyProviderStateAsync("STARTED");
        await tp.SendTerminationAsync();
        await tp.VerifyProviderStateAsync("TERMINATED");
    }

    [Fact]
    public async Task TP_02_02_ProviderStarted_ConsumerCompleted()
    {
        await using var tck = await TckConnector.StartAsync();
        var tp = new TckTransfer(tck.Peer);
        await tp.SendTransferRequestAsync("ATP0202");
        await tp.ExpectStartAsync();
        await tp.VerifyProviderStateAsync("STARTED");
        await tp.SendCompletionAsync();
        await tp.VerifyProviderStateAsync("COMPLETED");
    }

    [Fact]
    public async Task TP_02_03_ProviderStarted_ConsumerSuspended_ConsumerTerminated()
    {
        await using var tck = await TckConnector.StartAsync();
        var tp = new TckTransfer(tck.Peer);
        await tp.SendTransferRequestAsync("ATP0203");
        await tp.ExpectStartAsync();
        await tp.VerifyProviderStateAsync("STARTED");
        await tp.SendSuspensionAsync();
        await tp.VerifyProviderStateAsync("SUSPENDED");
        await tp.SendTerminationAsync();
        await tp.VerifyProviderStateAsync("TERMINATED");
    }

    [Fact]
    public async Task TP_02_04_ProviderStarted_ConsumerSuspended_ConsumerStarted_ConsumerCompleted()
    {
        await using var tck = await TckConnector.StartAsync();
        var tp = new TckTransfer(tck.Peer);
        await tp.SendTransferRequestAsync("ATP0204");
        await tp.ExpectStartAsync();
        await tp.VerifyProviderStateAsync("STARTED");
        await tp.SendSuspensionAsync();
        await tp.VerifyProviderStateAsync("SUSPENDED");
        await tp.SendStartedAsync();
        await tp.ExpectStartAsync();
        await tp.VerifyProviderStateAsync("STARTED");
        await tp.SendCompletionAsync();
        await tp.VerifyProviderStateAsync("COMPLETED");
    }

    [Fact]
    public async Task TP_02_05_Requested_ConsumerTerminated()
    {
        await using var tck = await TckConnector.StartAsync();
        var tp = new TckTransfer(tck.Peer);
        await tp.SendTransferRequestAsync("ATP0205");
        await tp.VerifyProviderStateAsync("REQUESTED");
        await tp.SendTerminationAsync();
        await tp.VerifyProviderStateAsync("TERMINATED");
    }

    [Theory]
    [InlineData("ATP0301", "completion")]
    [InlineData("ATP0302", "suspension")]
    public async Task TP_03_01_and_03_02_Requested_ConsumerCompletedOrSuspended_IsRefused(string agreementId, string action)
    {
        await using var tck = await TckConnector.StartAsync();
        var tp = new TckTransfer(tck.Peer);
        await tp.SendTransferRequestAsync(agreementId);
        await tp.VerifyProviderStateAsync("REQUESTED");
        await (action == "completion" ? tp.SendCompletionAsync(expectError: true) : tp.SendSuspensionAsync(expectError: true));
        await tp.VerifyProviderStateAsync("REQUESTED");
    }

    [Fact]
    public async Task TP_03_03_Suspended_ConsumerCompleted_IsRefused()
    {
        await using var tck = await TckConnector.StartAsync();
        var tp = new TckTransfer(tck.Peer);
        await tp.SendTransferRequestAsync("ATP0303");
        await tp.ExpectStartAsync();
        await tp.SendSuspensionAsync();
        await tp.VerifyProviderStateAsync("SUSPENDED");
        await tp.SendCompletionAsync(expectError: true);
        await tp.VerifyProviderStateAsync("SUSPENDED");
    }

    [Theory]
    [InlineData("ATP0304", "start")]
    [InlineData("ATP0305", "suspension")]
    [InlineData("ATP0306", "completion")]
    public async Task TP_03_04_to_03_06_Terminated_ConsumerStartedSuspendedOrCompleted_IsRefused(string agreementId, string action)
    {
        await using var tck = await TckConnector.StartAsync();
        var tp = new TckTransfer(tck.Peer);
        await tp.SendTransferRequestAsync(agreementId);
        await tp.ExpectStartAsync();
        await tp.SendTerminationAsync();
        await tp.VerifyProviderStateAsync("TERMINATED");
        await (action switch
        {
            "start" => tp.SendStartedAsync(expectError: true),
            "suspension" => tp.SendSuspensionAsync(expectError: true),
            _ => tp.SendCompletionAsync(expectError: true),
        });
        await tp.VerifyProviderStateAsync("TERMINATED");
    }
}

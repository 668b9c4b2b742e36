using System.CommandLine;
using Dataspace.Connector.Client;

namespace Dataspace.Cli.Management;

/// <summary><c>dataspace negotiate --from DSP_URL --offer ID [--wait]</c>: negotiates a contract for another connector's offer.</summary>
internal static class NegotiateCommand
{
    public static Command Create()
    {
        var shared = new ManagementOptionsCli();
        var from = new Option<string>("--from") { Description = "The provider's DSP URL (e.g. http://host:8181/api/dsp), or its DID once this connector joined a data space", Required = true };
        var offer = new Option<string>("--offer") { Description = "The offer id from the provider's catalog (see 'dataspace catalog')", Required = true };
        var wait = new Option<bool>("--wait") { Description = "Wait until FINALIZED (print the agreement id) or TERMINATED (print the reason, exit 1)" };
        var timeout = TimeoutOption();
        var counterPartyId = CatalogCommand.CounterPartyIdOption();
        var command = new Command("negotiate", "Negotiate a contract for an offer in another connector's catalog.");
        command.Options.Add(from);
        command.Options.Add(offer);
        command.Options.Add(wait);
        command.Options.Add(timeout);
        command.Options.Add(counterPartyId);
        shared.AddTo(command);
        command.SetAction((result, cancellationToken) => shared.RunAsync(result, async (client, output, ct) =>
        {
            var json = result.GetValue(shared.Json);
            var negotiation = await client.StartNegotiationAsync(result.GetValue(from)!, result.GetValue(offer)!, result.GetValue(counterPartyId), ct).ConfigureAwait(false);
            if (result.GetValue(wait))
            {
                var id = negotiation.Id;
                negotiation = await WaitAsync(t => client.WaitForNegotiationAsync(id, cancellationToken: t), result.GetValue(timeout),
                    $"negotiation {id} did not end within {result.GetValue(timeout)} s", ct).ConfigureAwait(false);
            }

            if (json)
            {
                await ManagementOptionsCli.WriteJsonAsync(output, negotiation).ConfigureAwait(false);
            }
            else if (negotiation.State == NegotiationStates.Finalized)
            {
                await output.WriteLineAsync($"Negotiation {negotiation.Id} FINALIZED; agreement:").ConfigureAwait(false);
                await output.WriteLineAsync(negotiation.AgreementId).ConfigureAwait(false);
            }
            else
            {
                await output.WriteLineAsync($"Negotiation {negotiation.Id} is {negotiation.State} (follow it with --wait, or the management API's /negotiations/{negotiation.Id})").ConfigureAwait(false);
            }

            if (negotiation.State == NegotiationStates.Terminated)
            {
                throw new CliException($"negotiation {negotiation.Id} was TERMINATED: {negotiation.Error ?? "no reason given"}");
            }

            return 0;
        }, cancellationToken));
        return command;
    }

    internal static Option<int> TimeoutOption() => new("--timeout")
    {
        Description = "Seconds to wait at most. Default: 60",
        DefaultValueFactory = _ => 60,
    };

    /// <summary>Runs a wait bounded by <paramref name="seconds"/>; one that runs out (not the user's Ctrl+C) becomes a one-line error.</summary>
    internal static async Task<T> WaitAsync<T>(Func<CancellationToken, Task<T>> wait, int seconds, string timedOut, CancellationToken outer)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(outer);
        bounded.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, seconds)));
        try
        {
            return await wait(bounded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!outer.IsCancellationRequested)
        {
            throw new CliException(timedOut);
        }
    }
}

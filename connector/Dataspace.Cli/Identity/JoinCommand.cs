using System.CommandLine;
using Dataspace.Cli.Management;
using Dataspace.Connector.Client;

namespace Dataspace.Cli.Identity;

/// <summary>
/// <c>dataspace join --connector URL --authority URL ... [--wait]</c>: the running connector applies to a data space's
/// authority, and once approved requests and stores its membership credentials (DCP issuance).
/// </summary>
internal static class JoinCommand
{
    public static Command Create()
    {
        var shared = new ManagementOptionsCli();
        var authority = new Option<string>("--authority") { Description = "The data space authority's URL (it becomes a trust anchor of the connector)", Required = true };
        var name = new Option<string>("--name") { Description = "The enterprise's legal name", Required = true };
        var uscc = new Option<string?>("--uscc") { Description = "Unified social credit code (统一社会信用代码, 18 characters)" };
        var registryId = new Option<string?>("--registry-id") { Description = "Another registry's id instead of --uscc, as SCHEME:VALUE (e.g. LEI:5493001KJTIIGC8Y1R12)" };
        var email = new Option<string>("--contact-email") { Description = "The contact's e-mail address", Required = true };
        var contactName = new Option<string?>("--contact-name") { Description = "The contact's name. Default: the legal name" };
        var subspaces = new Option<string[]>("--subspace") { Description = "A subspace to join (repeat for several)", AllowMultipleArgumentsPerToken = true };
        var wait = new Option<bool>("--wait") { Description = "Wait, printing progress, until the credentials are stored (exit 0) or the application is rejected (exit 1)" };
        var timeout = NegotiateCommand.TimeoutOption();
        var command = new Command("join", "Join a data space: the connector applies to the authority, then requests and stores its credentials.");
        foreach (var option in new Option[] { authority, name, uscc, registryId, email, contactName, subspaces, wait, timeout })
        {
            command.Options.Add(option);
        }

        shared.AddTo(command);
        command.SetAction((result, cancellationToken) => shared.RunAsync(result, async (client, output, ct) =>
        {
            var (scheme, value) = RegistrationId(result.GetValue(uscc), result.GetValue(registryId));
            var application = new JoinApplication(
                result.GetValue(authority)!, result.GetValue(name)!, new JoinRegistrationId(scheme, value),
                new JoinContact(result.GetValue(contactName), result.GetValue(email)!), result.GetValue(subspaces) ?? []);
            var status = await client.JoinAsync(application, ct).ConfigureAwait(false);
            var json = result.GetValue(shared.Json);
            if (!json)
            {
                await output.WriteLineAsync($"Applied to {status.Authority} ({status.AuthorityDid}, now a trust anchor of this connector): application {status.ApplicationId}").ConfigureAwait(false);
                await PrintAsync(output, status, null).ConfigureAwait(false);
            }

            if (result.GetValue(wait) && !status.IsFinal)
            {
                var seconds = result.GetValue(timeout);
                status = await NegotiateCommand.WaitAsync(async t =>
                {
                    var last = status;
                    while (!last.IsFinal)
                    {
                        await Task.Delay(TimeSpan.FromSeconds(1), t).ConfigureAwait(false);
                        var next = await client.GetJoinStatusAsync(t).ConfigureAwait(false);
                        if (!json)
                        {
                            await PrintAsync(output, next, last).ConfigureAwait(false);
                        }

                        last = next;
                    }

                    return last;
                }, seconds, $"the application was not decided within {seconds} s (it goes on: follow it with 'dataspace join' again or GET identity/join)", ct).ConfigureAwait(false);
            }

            if (json)
            {
                await ManagementOptionsCli.WriteJsonAsync(output, status).ConfigureAwait(false);
            }

            return status.Phase == "rejected"
                ? throw new CliException($"the authority rejected the application {status.ApplicationId}: {status.Reason ?? "no reason given"}")
                : 0;
        }, cancellationToken));
        return command;
    }

    private static (string Scheme, string Value) RegistrationId(string? uscc, string? registryId)
    {
        if ((uscc is null) == (registryId is null))
        {
            throw new CliException("give either --uscc CODE or --registry-id SCHEME:VALUE");
        }

        if (uscc is not null)
        {
            return ("USCC", uscc.Trim());
        }

        var colon = registryId!.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && colon < registryId.Length - 1
            ? (registryId[..colon].Trim(), registryId[(colon + 1)..].Trim())
            : throw new CliException($"--registry-id '{registryId}' must be SCHEME:VALUE, e.g. LEI:5493001KJTIIGC8Y1R12");
    }

    // One line per change, so a waiting operator sees the application move.
    private static async Task PrintAsync(TextWriter output, JoinStatus status, JoinStatus? before)
    {
        if (before is null || before.Phase != status.Phase)
        {
            var line = status.Phase switch
            {
                "applied" => "  pending: waiting for the authority to approve",
                "approved" => $"  approved for {string.Join(", ", status.CredentialTypes)}",
                "requested" => $"  approved for {string.Join(", ", status.CredentialTypes)}; credentials requested",
                "joined" => $"  joined: {status.Received.Count} credentials stored in the wallet ({string.Join(", ", status.Received)})",
                "rejected" => $"  rejected: {status.Reason ?? "no reason given"}",
                _ => "  " + status.Phase,
            };
            await output.WriteLineAsync(line).ConfigureAwait(false);
        }

        if (status.LastError is { } error && error != before?.LastError)
        {
            await output.WriteLineAsync($"  (retrying) {error}").ConfigureAwait(false);
        }
    }
}

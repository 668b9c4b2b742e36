using System.CommandLine;
using Dataspace.Cli.Identity.Registration;

namespace Dataspace.Cli.Identity;

/// <summary><c>dataspace authority members revoke DID</c>: ends a membership.</summary>
internal static class MembersCommand
{
    public static Command Create()
    {
        var command = new Command("members", "Manage the data space's members.");
        var folder = new IdentityFolder();
        var did = new Argument<string>("DID") { Description = "The member's DID" };
        var revoke = new Command("revoke", "Revoke every credential issued to the member (status lists) and list it as revoked in the participant registry.");
        folder.AddTo(revoke);
        revoke.Arguments.Add(did);
        revoke.SetAction(async (result, cancellationToken) =>
        {
            var member = result.GetValue(did)!;
            var store = await ApplicationsCommand.OpenStoreAsync(folder, result, cancellationToken).ConfigureAwait(false);
            using var authority = await AuthorityCommand.OpenAsync(folder, result, cancellationToken).ConfigureAwait(false);
            var (revoked, error) = await ApplicationReview.RevokeMemberAsync(store, authority.Desk, member, cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                throw new CliException(error.Reason);
            }

            await result.InvocationConfiguration.Output.WriteLineAsync($"Revoked {member}: {revoked} credentials revoked; registry status revoked").ConfigureAwait(false);
            return 0;
        });
        command.Subcommands.Add(revoke);
        return command;
    }
}

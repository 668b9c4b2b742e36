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
            var revoked = 0;
            foreach (var record in (await authority.Desk.ListAsync(cancellationToken).ConfigureAwait(false)).Where(r => r.SubjectDid == member && !r.Revoked))
            {
                if (await authority.Desk.RevokeAsync(record.Id, cancellationToken).ConfigureAwait(false))
                {
                    revoked++;
                }
            }

            var application = await store.FindMemberAsync(member, cancellationToken).ConfigureAwait(false);
            var marked = application is not null && await store.DecideAsync(
                application.Id, [ApplicationStatuses.Approved, ApplicationStatuses.Pending], ApplicationStatuses.Revoked, "membership revoked by the operator", cancellationToken).ConfigureAwait(false) is not null;
            // Its data product records were among its credentials (their subject is the member): the registrations end too.
            await store.RevokeProductsOfAsync(member, "membership revoked by the operator", cancellationToken).ConfigureAwait(false);
            if (revoked == 0 && !marked && application?.Status != ApplicationStatuses.Revoked)
            {
                throw new CliException($"{member} is not a member and holds no credential of this authority");
            }

            await result.InvocationConfiguration.Output.WriteLineAsync($"Revoked {member}: {revoked} credentials revoked; registry status revoked").ConfigureAwait(false);
            return 0;
        });
        command.Subcommands.Add(revoke);
        return command;
    }
}

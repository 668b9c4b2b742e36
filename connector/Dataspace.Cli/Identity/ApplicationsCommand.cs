using System.CommandLine;
using System.Text.Json.Nodes;
using Dataspace.Cli.Identity.Registration;

namespace Dataspace.Cli.Identity;

/// <summary><c>dataspace authority applications list|approve|reject</c>: the operator's review of membership applications.</summary>
/// <remarks>Works on the authority folder's SQLite store (WAL), so it works while <c>authority serve</c> runs.</remarks>
internal static class ApplicationsCommand
{
    public static Command Create()
    {
        var command = new Command("applications", "Review applications to join the data space: list, approve, reject.");
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateDecide("approve", "Approve a pending application: the member may then request its credentials over DCP.", ApplicationStatuses.Approved));
        command.Subcommands.Add(CreateDecide("reject", "Reject a pending application, with the reason the applicant sees.", ApplicationStatuses.Rejected));
        return command;
    }

    private static Command CreateList()
    {
        var folder = new IdentityFolder();
        var status = new Option<string>("--status") { Description = "pending, approved, rejected, revoked or all", DefaultValueFactory = _ => "all" };
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var command = new Command("list", "List applications, oldest first.");
        folder.AddTo(command);
        command.Options.Add(status);
        command.Options.Add(json);
        command.SetAction(async (result, cancellationToken) =>
        {
            var wanted = result.GetValue(status)!;
            if (wanted != "all" && !ApplicationStatuses.All.Contains(wanted, StringComparer.Ordinal))
            {
                throw new CliException($"--status '{wanted}' is unknown; expected {string.Join(", ", ApplicationStatuses.All)} or all");
            }

            var store = await OpenStoreAsync(folder, result, cancellationToken).ConfigureAwait(false);
            var applications = await store.ListApplicationsAsync(wanted == "all" ? null : wanted, 100_000, cancellationToken).ConfigureAwait(false);
            var output = result.InvocationConfiguration.Output;
            if (result.GetValue(json))
            {
                await output.WriteLineAsync(new JsonArray([.. applications.Select(a => (JsonNode?)Json(a))]).ToJsonString(IdentityJson.Indented)).ConfigureAwait(false);
                return 0;
            }

            if (applications.Count == 0)
            {
                await output.WriteLineAsync("No applications.").ConfigureAwait(false);
            }

            foreach (var a in applications)
            {
                await output.WriteLineAsync($"{a.Id}  {a.Status,-8}  {a.Did}  {a.LegalName}  {a.RegistrationScheme}:{a.RegistrationValue}  subspaces: {string.Join(",", a.Subspaces)}{(a.Reason is null ? "" : "  reason: " + a.Reason)}").ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    private static Command CreateDecide(string name, string description, string to)
    {
        var folder = new IdentityFolder();
        var id = new Argument<string>("ID") { Description = "The application id (from 'applications list')" };
        var reason = new Option<string>("--reason") { Description = "Why (shown to the applicant)", Required = to == ApplicationStatuses.Rejected };
        var command = new Command(name, description);
        folder.AddTo(command);
        command.Arguments.Add(id);
        command.Options.Add(reason);
        command.SetAction(async (result, cancellationToken) =>
        {
            var store = await OpenStoreAsync(folder, result, cancellationToken).ConfigureAwait(false);
            var (decided, error) = to == ApplicationStatuses.Rejected
                ? await ApplicationReview.RejectAsync(store, result.GetValue(id)!, result.GetValue(reason), cancellationToken).ConfigureAwait(false)
                : await ApplicationReview.ApproveAsync(store, result.GetValue(id)!, cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                throw new CliException(error.Error == "invalid-request" ? "--reason needs the reason the applicant is told (at most 1024 characters)" : error.Reason);
            }

            await result.InvocationConfiguration.Output.WriteLineAsync($"Application {decided!.Id} of {decided.Did} ({decided.LegalName}) is {decided.Status}").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    internal static async Task<RegistrationStore> OpenStoreAsync(IdentityFolder folder, ParseResult result, CancellationToken cancellationToken)
    {
        var authority = folder.Authority(result);
        if (!File.Exists(Path.Combine(authority, "authority.json")))
        {
            throw new CliException($"{folder.Data(result)} holds no authority: run 'dataspace authority init --did did:web:...' first");
        }

        return await RegistrationStore.OpenAsync(authority, TimeProvider.System, cancellationToken).ConfigureAwait(false);
    }

    private static JsonObject Json(MembershipApplication a) => ApplicationManagementEndpoints.DetailsJson(a);
}

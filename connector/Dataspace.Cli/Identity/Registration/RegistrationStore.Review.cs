namespace Dataspace.Cli.Identity.Registration;

internal sealed partial class RegistrationStore
{
    /// <summary>Records why a pending application waits for the operator; the application after, or null when it is no longer pending.</summary>
    public async Task<MembershipApplication?> NoteAsync(string id, string note, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var update = connection.CreateCommand();
        update.CommandText = "UPDATE applications SET reason = $reason WHERE id = $id AND status = 'pending'";
        update.Parameters.AddWithValue("$reason", note);
        update.Parameters.AddWithValue("$id", id);
        if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            return null;
        }

        var found = await QueryApplicationsAsync(connection, null, "WHERE id = $id", c => c.Parameters.AddWithValue("$id", id), cancellationToken).ConfigureAwait(false);
        return found[0];
    }

    /// <summary>One page of applications with the status (null: all), oldest first, and how many there are in all.</summary>
    public async Task<(IReadOnlyList<MembershipApplication> Page, long Total)> PageApplicationsAsync(string? status, int offset, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        var where = status is null ? "" : "WHERE status = $status ";
        var page = await QueryApplicationsAsync(
            connection,
            null,
            where + "ORDER BY created_at, id LIMIT $limit OFFSET $offset",
            c =>
            {
                c.Parameters.AddWithValue("$status", (object?)status ?? DBNull.Value);
                c.Parameters.AddWithValue("$limit", limit);
                c.Parameters.AddWithValue("$offset", offset);
            },
            cancellationToken).ConfigureAwait(false);
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM applications " + where;
        count.Parameters.AddWithValue("$status", (object?)status ?? DBNull.Value);
        var total = (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        return (page, total);
    }
}

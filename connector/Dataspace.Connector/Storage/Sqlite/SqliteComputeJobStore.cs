using System.Data.Common;
using Dataspace.Sdk.Compute;
using Dataspace.Sdk.Storage;
using Microsoft.Data.Sqlite;

namespace Dataspace.Connector.Storage.Sqlite;

/// <summary>Compute jobs, their outputs and the privacy-budget ledger in the embedded database.</summary>
public sealed class SqliteComputeJobStore : IComputeJobStore
{
    // Budgets are doubles: a spend that reaches the limit exactly must not fail on the last bit.
    private const double Slack = 1e-12;
    private readonly ConnectorDatabase _database;
    private readonly TimeProvider _time;

    /// <summary>Creates the store.</summary>
    public SqliteComputeJobStore(ConnectorDatabase database, TimeProvider time)
    {
        _database = database;
        _time = time;
    }

    /// <inheritdoc/>
    public async Task<bool> CreateAsync(ComputeJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        job = job with { Version = 1 };
        using var turn = await _database.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var inserted = await connection.ExecuteAsync(
            "INSERT INTO compute_jobs (id, initiator, state, job, version, created_at, updated_at) VALUES ($id, $i, $s, $j, 1, $c, $u) ON CONFLICT (id) DO NOTHING",
            cancellationToken, ("$id", job.Id), ("$i", job.Initiator), ("$s", (int)job.State), ("$j", ComputeJobJson.Serialize(job)),
            ("$c", StoreJson.Timestamp(job.CreatedAt)), ("$u", StoreJson.Timestamp(job.UpdatedAt))).ConfigureAwait(false);
        if (inserted == 0)
        {
            return false;
        }

        foreach (var agreementId in job.Agreements.Select(a => a.AgreementId).Distinct(StringComparer.Ordinal))
        {
            await connection.ExecuteAsync("INSERT INTO compute_job_agreements (agreement_id, job_id, created_at) VALUES ($a, $id, $c)",
                cancellationToken, ("$a", agreementId), ("$id", job.Id), ("$c", StoreJson.Timestamp(job.CreatedAt))).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc/>
    public async Task<ComputeJob?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync("SELECT job, version FROM compute_jobs WHERE id = $id", ReadJob, cancellationToken, ("$id", id)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc/>
    public async Task<Page<ComputeJob>> ListAsync(ComputeJobQuery query, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(page);
        const string Filter = """
            WHERE ($s IS NULL OR state = $s)
              AND ($a IS NULL OR EXISTS (SELECT 1 FROM compute_job_agreements g WHERE g.agreement_id = $a AND g.job_id = compute_jobs.id))
            """;
        var parameters = new (string, object?)[] { ("$s", query.State is { } s ? (int)s : null), ("$a", query.AgreementId) };
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var total = (long)(await connection.ScalarAsync($"SELECT count(*) FROM compute_jobs {Filter}", cancellationToken, parameters).ConfigureAwait(false))!;
        var items = await connection.QueryAsync($"SELECT job, version FROM compute_jobs {Filter} ORDER BY created_at DESC, id LIMIT $limit OFFSET $offset",
            ReadJob, cancellationToken, [.. parameters, ("$limit", page.Limit), ("$offset", page.Offset)]).ConfigureAwait(false);
        return new Page<ComputeJob>(items, total, page.Offset, page.Limit);
    }

    /// <inheritdoc/>
    public async Task<ComputeJob?> TryUpdateAsync(ComputeJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var next = job with { Version = job.Version + 1 };
        using var turn = await _database.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var changed = await connection.ExecuteAsync(
            "UPDATE compute_jobs SET state = $s, job = $j, version = $next, updated_at = $u WHERE id = $id AND version = $v",
            cancellationToken, ("$s", (int)next.State), ("$j", ComputeJobJson.Serialize(next)), ("$next", next.Version),
            ("$u", StoreJson.Timestamp(next.UpdatedAt)), ("$id", job.Id), ("$v", job.Version)).ConfigureAwait(false);
        return changed == 1 ? next : null;
    }

    /// <inheritdoc/>
    public async Task<long> CountJobsAsync(string agreementId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (long)(await connection.ScalarAsync("SELECT count(*) FROM compute_job_agreements WHERE agreement_id = $a AND created_at >= $t",
            cancellationToken, ("$a", agreementId), ("$t", StoreJson.Timestamp(since))).ConfigureAwait(false))!;
    }

    /// <inheritdoc/>
    public async Task<bool> AddOutputAsync(ComputeJobOutput output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var turn = await _database.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await connection.ExecuteAsync(
                """
                INSERT INTO compute_outputs (job_id, task_id, name, receiver, release_kind, type, content, media_type, size, created_at)
                VALUES ($j, $t, $n, $r, $k, $ty, $c, $m, $sz, $at) ON CONFLICT (job_id, task_id, name, receiver) DO NOTHING
                """,
                cancellationToken, ("$j", output.JobId), ("$t", output.TaskId), ("$n", output.Name), ("$r", output.Receiver), ("$k", output.ReleaseKind),
                ("$ty", output.Type), ("$c", output.Content), ("$m", output.MediaType), ("$sz", output.Size), ("$at", StoreJson.Timestamp(output.CreatedAt))).ConfigureAwait(false) == 1;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            throw new InvalidOperationException($"compute job '{output.JobId}' does not exist; an output needs its job", e);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ComputeJobOutput>> ListOutputsAsync(string jobId, string? receiver, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync(
            "SELECT job_id, task_id, name, receiver, release_kind, type, content, media_type, size, created_at FROM compute_outputs WHERE job_id = $j AND ($r IS NULL OR receiver = $r) ORDER BY seq",
            r => new ComputeJobOutput(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7),
                r.GetInt64(8), StoreJson.ReadTimestamp(r.GetString(9))),
            cancellationToken, ("$j", jobId), ("$r", receiver)).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<PrivacyBudgetSpend> TrySpendBudgetAsync(string agreementId, DateTimeOffset periodStart, PrivacyBudgetLimit limit,
        double epsilon, double delta, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limit);
        ArgumentOutOfRangeException.ThrowIfNegative(epsilon);
        ArgumentOutOfRangeException.ThrowIfNegative(delta);
        var period = StoreJson.Timestamp(periodStart);
        using var turn = await _database.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // One statement checks and spends, so the ledger never goes over the limit whatever runs at the same time.
        var spent = await connection.ExecuteAsync(
            """
            INSERT INTO privacy_budgets (agreement_id, period_start, epsilon, delta)
            SELECT $a, $p, $e, $d WHERE $e <= $le + $slack AND $d <= $ld + $slack
            ON CONFLICT (agreement_id, period_start) DO UPDATE SET epsilon = epsilon + excluded.epsilon, delta = delta + excluded.delta
            WHERE epsilon + excluded.epsilon <= $le + $slack AND delta + excluded.delta <= $ld + $slack
            """,
            cancellationToken, ("$a", agreementId), ("$p", period), ("$e", epsilon), ("$d", delta), ("$le", limit.Epsilon), ("$ld", limit.Delta), ("$slack", Slack)).ConfigureAwait(false) == 1;
        if (spent)
        {
            await connection.ExecuteAsync("INSERT INTO privacy_budget_spends (agreement_id, period_start, epsilon, delta, reason, at) VALUES ($a, $p, $e, $d, $r, $t)",
                cancellationToken, ("$a", agreementId), ("$p", period), ("$e", epsilon), ("$d", delta), ("$r", reason),
                ("$t", StoreJson.Timestamp(_time.GetUtcNow()))).ConfigureAwait(false);
        }

        var (e, d) = await SpentAsync(connection, agreementId, period, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new PrivacyBudgetSpend(spent, Math.Max(0, limit.Epsilon - e), Math.Max(0, limit.Delta - d));
    }

    /// <inheritdoc/>
    public async Task<(double Epsilon, double Delta)> GetBudgetSpentAsync(string agreementId, DateTimeOffset periodStart, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await SpentAsync(connection, agreementId, StoreJson.Timestamp(periodStart), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<(double, double)> SpentAsync(SqliteConnection connection, string agreementId, string period, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync("SELECT epsilon, delta FROM privacy_budgets WHERE agreement_id = $a AND period_start = $p",
            r => (r.GetDouble(0), r.GetDouble(1)), cancellationToken, ("$a", agreementId), ("$p", period)).ConfigureAwait(false);
        return rows.Count == 0 ? (0, 0) : rows[0];
    }

    private static ComputeJob ReadJob(DbDataReader reader) => ComputeJobJson.Deserialize(reader.GetString(0)) with { Version = (int)reader.GetInt64(1) };
}

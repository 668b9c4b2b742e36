using System.Text;
using System.Text.Json;
using Dataspace.Sdk.Compute;

namespace Dataspace.Connector.Compute;

/// <summary>
/// The outputs this party receives from one task: values in the job store, tables (CSV) and blobs as files under the
/// output folder. Refuses a release kind the task's release policy does not allow this party or the job did not ask for.
/// </summary>
internal sealed class StoredComputeOutputs : IComputeOutputs
{
    private readonly IComputeJobStore _store;
    private readonly string _folder;
    private readonly string _jobId;
    private readonly string _taskId;
    private readonly string _self;
    private readonly ReleasePolicy _release;
    private readonly IReadOnlyList<string> _asked;
    private readonly TimeProvider _time;

    public StoredComputeOutputs(IComputeJobStore store, string outputRoot, ComputeJob job, ComputeTask task, string self, ReleasePolicy release, TimeProvider time)
    {
        _store = store;
        _jobId = job.Id;
        _taskId = task.Id;
        _self = self;
        _release = release;
        _asked = task.Releases.TryGetValue(self, out var kinds) ? kinds : [];
        _time = time;
        _folder = Path.Combine(outputRoot, job.Id, task.Id);
    }

    /// <summary>The folder under the output root where a job's files are (relative paths in outputs start there).</summary>
    public static string RelativePath(string jobId, string taskId, string file) => $"{jobId}/{taskId}/{file}";

    /// <inheritdoc/>
    public async Task WriteValueAsync(string name, string releaseKind, JsonElement value, CancellationToken cancellationToken)
    {
        Check(name, releaseKind);
        var json = value.GetRawText();
        if (!await _store.AddOutputAsync(Output(name, releaseKind, ComputeJobOutput.Value, json, "application/json", Encoding.UTF8.GetByteCount(json)), cancellationToken).ConfigureAwait(false))
            throw new InvalidOperationException($"output '{name}' of task '{_taskId}' was written already");
    }

    /// <inheritdoc/>
    public Task<IComputeTableWriter> OpenTableAsync(string name, string releaseKind, IReadOnlyList<string> columns, CancellationToken cancellationToken)
    {
        Check(name, releaseKind);
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0) throw new ArgumentException("a table needs at least one column", nameof(columns));
        Directory.CreateDirectory(_folder);
        return Task.FromResult<IComputeTableWriter>(new TableWriter(this, name, releaseKind, columns));
    }

    /// <inheritdoc/>
    public async Task WriteBlobAsync(string name, string releaseKind, string mediaType, Stream content, CancellationToken cancellationToken)
    {
        Check(name, releaseKind);
        ArgumentNullException.ThrowIfNull(content);
        Directory.CreateDirectory(_folder);
        var file = name + ".bin";
        var path = Path.Combine(_folder, file);
        var temp = path + ".part";
        long size;
        await using (var target = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            await content.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
            size = target.Length;
        }

        File.Move(temp, path, overwrite: true);
        await _store.AddOutputAsync(Output(name, releaseKind, ComputeJobOutput.Blob, RelativePath(_jobId, _taskId, file), mediaType, size), cancellationToken).ConfigureAwait(false);
    }

    private void Check(string name, string releaseKind)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.') || name.StartsWith('.'))
            throw new ArgumentException($"output name '{name}' is not valid: expected 1 to 64 letters, digits, '_', '-' or '.'", nameof(name));
        // The release policy is the agreement's; what the job asked for narrows it further.
        if (!_release.Allows(_self, releaseKind) || !_asked.Contains(releaseKind, StringComparer.Ordinal))
            throw new InvalidOperationException($"output '{name}' of kind '{releaseKind}' may not be released to {_self}: allowed are {string.Join(", ", _asked.Where(k => _release.Allows(_self, k)).DefaultIfEmpty("none"))}");
    }

    private ComputeJobOutput Output(string name, string kind, string type, string content, string mediaType, long size)
        => new(_jobId, _taskId, name, _self, kind, type, content, mediaType, size, _time.GetUtcNow());

    private sealed class TableWriter : IComputeTableWriter
    {
        private readonly StoredComputeOutputs _owner;
        private readonly string _name;
        private readonly string _kind;
        private readonly int _columns;
        private readonly string _path;
        private readonly string _temp;
        private readonly StreamWriter _writer;
        private bool _completed;

        public TableWriter(StoredComputeOutputs owner, string name, string kind, IReadOnlyList<string> columns)
        {
            _owner = owner;
            _name = name;
            _kind = kind;
            _columns = columns.Count;
            _path = Path.Combine(owner._folder, name + ".csv");
            _temp = _path + ".part";
            _writer = new StreamWriter(new FileStream(_temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true), new UTF8Encoding(false));
            _writer.Write(Line(columns));
        }

        public async ValueTask WriteRowsAsync(IReadOnlyList<string[]> rows, CancellationToken cancellationToken)
        {
            ObjectDisposedException.ThrowIf(_completed, this);
            foreach (var row in rows)
            {
                if (row.Length != _columns) throw new ArgumentException($"a row of table '{_name}' has {row.Length} values: expected {_columns}", nameof(rows));
                await _writer.WriteAsync(Line(row).AsMemory(), cancellationToken).ConfigureAwait(false);
            }
        }

        public async ValueTask CompleteAsync(CancellationToken cancellationToken)
        {
            if (_completed) return;
            _completed = true;
            await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            await _writer.DisposeAsync().ConfigureAwait(false);
            File.Move(_temp, _path, overwrite: true);
            var file = _name + ".csv";
            await _owner._store.AddOutputAsync(_owner.Output(_name, _kind, ComputeJobOutput.Table, RelativePath(_owner._jobId, _owner._taskId, file), "text/csv", new FileInfo(_path).Length), cancellationToken).ConfigureAwait(false);
        }

        public async ValueTask DisposeAsync()
        {
            if (_completed) return;
            // A table not completed is discarded.
            _completed = true;
            await _writer.DisposeAsync().ConfigureAwait(false);
            File.Delete(_temp);
        }

        private static string Line(IEnumerable<string> values)
            => string.Join(',', values.Select(v => v.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : v)) + "\n";
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Sdk.Storage;

namespace Dataspace.Connector.Identity.Join;

/// <summary>Keeps the <see cref="JoinState"/> in a private file; one writer at a time, each change re-reads the current state.</summary>
internal sealed class JoinStore : IDisposable
{
    private readonly string _path;
    private readonly SemaphoreSlim _lock = new(1, 1);

    public JoinStore(string path) => _path = path;

    public async Task<JoinState?> GetAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Applies <paramref name="change"/> to the current state (null: none) and saves what it returns; returns that.</summary>
    public async Task<T> UpdateAsync<T>(Func<JoinState?, Task<(JoinState? State, T Result)>> change, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = await ReadAsync(cancellationToken).ConfigureAwait(false);
            var (next, result) = await change(current).ConfigureAwait(false);
            if (next is not null && !ReferenceEquals(next, current))
            {
                // Written beside and moved over, so a crash never leaves half a state file.
                var temporary = _path + ".tmp";
                await PrivateFiles.WriteAllTextAsync(temporary, next.ToJson().ToJsonString(), cancellationToken).ConfigureAwait(false);
                File.Move(temporary, _path, overwrite: true);
            }

            return result;
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Dispose() => _lock.Dispose();

    private async Task<JoinState?> ReadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_path))
        {
            return null;
        }

        var text = await File.ReadAllTextAsync(_path, cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonNode.Parse(text) is JsonObject o ? JoinState.FromJson(o) : throw new InvalidDataException($"{_path} is not a JSON object");
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"{_path} is not a valid join state: {e.Message}", e);
        }
    }
}

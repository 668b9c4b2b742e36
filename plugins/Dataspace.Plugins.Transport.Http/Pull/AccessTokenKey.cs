using System.Security.Cryptography;

namespace Dataspace.Plugins.Transport.Http.Pull;

/// <summary>The HMAC key pull access tokens are signed with, generated once into the plugin's data folder.</summary>
internal sealed class AccessTokenKey
{
    /// <summary>The key file's name in the plugin's data folder.</summary>
    public const string FileName = "access-token-key";

    private const int KeyLength = 32;

    private AccessTokenKey(byte[] key) => Key = key;

    /// <summary>The key bytes.</summary>
    public ReadOnlyMemory<byte> Key { get; }

    /// <summary>A key held only in memory (tests, benchmarks).</summary>
    public static AccessTokenKey Ephemeral() => new(RandomNumberGenerator.GetBytes(KeyLength));

    /// <summary>Reads the key from <paramref name="dataDirectory"/>, creating it (owner-only) on first use.</summary>
    public static AccessTokenKey LoadOrCreate(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
        {
            var key = RandomNumberGenerator.GetBytes(KeyLength);
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using var file = new FileStream(path, options);
                file.Write(key);
                file.Flush(flushToDisk: true);
                return new AccessTokenKey(key);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another instance sharing the data folder created it first: use theirs.
            }
        }

        var existing = File.ReadAllBytes(path);
        if (existing.Length != KeyLength)
        {
            throw new InvalidOperationException($"access token key {path} holds {existing.Length} bytes, expected {KeyLength}; delete it to generate a new one (outstanding tokens become invalid)");
        }

        return new AccessTokenKey(existing);
    }
}

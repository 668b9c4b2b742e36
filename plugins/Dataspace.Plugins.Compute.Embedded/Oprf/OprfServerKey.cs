using System.Security.Cryptography;
using Dataspace.Plugins.Compute.Embedded.Crypto;

namespace Dataspace.Plugins.Compute.Embedded.Oprf;

/// <summary>
/// The server's long-lived OPRF key: a random 32-byte seed kept in the cache directory (owner-only), from which RFC 9497
/// DeriveKeyPair gives one key pair per mode. It lives as long as the prepared sets made with it: a new seed makes every
/// cached set stale, since their file names include the key's id.
/// </summary>
internal sealed class OprfServerKey
{
    private static readonly byte[] Info = "psi/ecdh_oprf:1 server key"u8.ToArray();
    private readonly Lock _gate = new();
    private readonly string _path;
    private byte[]? _seed;

    /// <summary>A key kept in <paramref name="directory"/>.</summary>
    public OprfServerKey(string directory) => _path = Path.Combine(directory, "oprf-key.seed");

    /// <summary>The key pair for <paramref name="oprf"/>'s mode, and a short public id of it for cache file names.</summary>
    public (Ristretto255Scalar SecretKey, Ristretto255Element PublicKey, string KeyId) Get(Ristretto255Oprf oprf)
    {
        var (sk, pk) = oprf.DeriveKeyPair(Seed(), Info);
        return (sk, pk, Convert.ToHexStringLower(SHA256.HashData(pk.Span))[..16]);
    }

    private byte[] Seed()
    {
        lock (_gate)
        {
            if (_seed is not null) return _seed;
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            if (!File.Exists(_path))
            {
                var fresh = RandomNumberGenerator.GetBytes(Ristretto255Scalar.Size);
                var temp = _path + "." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) + ".tmp";
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                using (var stream = new FileStream(temp, options)) stream.Write(fresh);
                // Another process may have created one meanwhile: keep theirs, so both use the same key.
                try { File.Move(temp, _path, overwrite: false); }
                catch (IOException) { File.Delete(temp); }
            }
            var seed = File.ReadAllBytes(_path);
            if (seed.Length != Ristretto255Scalar.Size) throw new InvalidOperationException($"The OPRF key file '{_path}' holds {seed.Length} bytes, not {Ristretto255Scalar.Size}; delete it to make a new key.");
            return _seed = seed;
        }
    }
}

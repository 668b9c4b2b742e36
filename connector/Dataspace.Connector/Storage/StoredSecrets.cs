using System.Security.Cryptography;
using System.Text;
using Dataspace.Sdk.Storage;
using Dataspace.Sdk.Transfer;
using Microsoft.Extensions.Configuration;

namespace Dataspace.Connector.Storage;

/// <summary>
/// Encrypts the secret properties of stored data addresses (a backend's <c>authCode</c>, the <c>authorization</c> token
/// a consumer received or a push destination carries) with AES-256-GCM, under a key derived by HKDF-SHA256 from the
/// key-store secret, so the database file alone gives none of them away.
/// </summary>
/// <remarks>
/// A value is stored as <c>enc:v1:</c> + base64(nonce | ciphertext | tag), bound to its property name. A value without
/// that prefix (stored before encryption existed) reads as it is and is encrypted the next time its row is written.
/// Without a key-store secret (no DCP identity), the key is a random one in <c>stored-secrets.key</c> (0600) in the
/// data folder: that still keeps secrets out of copies of the database alone.
/// </remarks>
public sealed class StoredSecrets
{
    /// <summary>The prefix of an encrypted value.</summary>
    public const string Prefix = "enc:v1:";

    /// <summary>The key file used when no key-store secret is configured.</summary>
    public const string KeyFileName = "stored-secrets.key";

    private const int NonceLength = 12;
    private const int TagLength = 16;
    private static readonly byte[] Salt = "dataspace-connector/stored-secrets"u8.ToArray();
    private static readonly byte[] Info = "v1 AES-256-GCM data address secrets"u8.ToArray();
    private static readonly HashSet<string> SecretProperties = new(StringComparer.Ordinal) { "authCode", "authorization" };
    private readonly byte[] _key;

    private StoredSecrets(byte[] key) => _key = key;

    /// <summary>Derives the key from a key-store secret.</summary>
    public static StoredSecrets FromSecret(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return new StoredSecrets(HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, Salt, Info));
    }

    /// <summary>
    /// The key-store secret from <c>Connector:Identity:KeyStoreSecret</c> or <c>DATASPACE_KEYSTORE_SECRET</c>, or else the
    /// data folder's own random key (created owner-only on first use).
    /// </summary>
    public static StoredSecrets Create(IConfiguration configuration, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var secret = configuration["Connector:Identity:KeyStoreSecret"];
        if (string.IsNullOrEmpty(secret))
        {
            secret = Environment.GetEnvironmentVariable("DATASPACE_KEYSTORE_SECRET");
        }

        return string.IsNullOrEmpty(secret) ? FromKeyFile(Path.Combine(dataDirectory, KeyFileName)) : FromSecret(secret);
    }

    private static StoredSecrets FromKeyFile(string path)
    {
        if (!File.Exists(path))
        {
            try
            {
                using var file = PrivateFiles.OpenWrite(path, FileMode.CreateNew);
                file.Write(RandomNumberGenerator.GetBytes(32));
                file.Flush(flushToDisk: true);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another instance sharing the data folder created it first: use theirs.
            }
        }

        var key = File.ReadAllBytes(path);
        return key.Length == 32 ? new StoredSecrets(key) : throw new InvalidOperationException($"{path} must hold a 32-byte key; it holds {key.Length} bytes");
    }

    /// <summary>The address with its secret properties encrypted (already encrypted ones are kept).</summary>
    public DataAddress Protect(DataAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return Map(address, (name, value) => value.StartsWith(Prefix, StringComparison.Ordinal) ? value : Encrypt(name, value));
    }

    /// <summary>The address with its secret properties decrypted.</summary>
    /// <exception cref="InvalidOperationException">A value does not decrypt: the key-store secret changed, or the row was altered.</exception>
    public DataAddress Unprotect(DataAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return Map(address, (name, value) => value.StartsWith(Prefix, StringComparison.Ordinal) ? Decrypt(name, value) : value);
    }

    private static DataAddress Map(DataAddress address, Func<string, string, string> secret)
    {
        if (!address.Properties.Keys.Any(SecretProperties.Contains))
        {
            return address;
        }

        var properties = address.Properties.ToDictionary(p => p.Key, p => SecretProperties.Contains(p.Key) ? secret(p.Key, p.Value) : p.Value, StringComparer.Ordinal);
        return new DataAddress(address.Type, properties);
    }

    private string Encrypt(string name, string value)
    {
        var plain = Encoding.UTF8.GetBytes(value);
        var sealedBytes = new byte[NonceLength + plain.Length + TagLength];
        var nonce = sealedBytes.AsSpan(0, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagLength);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceLength, plain.Length), sealedBytes.AsSpan(NonceLength + plain.Length), Encoding.UTF8.GetBytes(name));
        return Prefix + Convert.ToBase64String(sealedBytes);
    }

    private string Decrypt(string name, string value)
    {
        try
        {
            var sealedBytes = Convert.FromBase64String(value[Prefix.Length..]);
            if (sealedBytes.Length < NonceLength + TagLength)
            {
                throw new CryptographicException("too short");
            }

            var plain = new byte[sealedBytes.Length - NonceLength - TagLength];
            using var aes = new AesGcm(_key, TagLength);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceLength), sealedBytes.AsSpan(NonceLength, plain.Length), sealedBytes.AsSpan(NonceLength + plain.Length), plain, Encoding.UTF8.GetBytes(name));
            return Encoding.UTF8.GetString(plain);
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            throw new InvalidOperationException($"the stored '{name}' of a data address cannot be decrypted: was the key-store secret changed? ({e.Message})", e);
        }
    }
}

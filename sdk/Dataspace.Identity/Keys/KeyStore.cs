using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Identity.Jose;
using Dataspace.Sdk.Storage;

namespace Dataspace.Identity.Keys;

/// <summary>
/// Keeps this participant's signing keys in a folder, each private key encrypted with AES-256-GCM under a key derived
/// (PBKDF2-SHA256, per-file salt) from a configured secret. One key is active; rotation retires it but keeps it listed.
/// </summary>
/// <remarks>One process owns a folder at a time. Private keys leave only as <see cref="SigningKey"/> objects, never as text.</remarks>
public sealed class KeyStore : IDisposable
{
    private const int Iterations = 100_000;
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private readonly string _folder;
    private readonly string _secret;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _lock = new(1, 1);

    /// <summary>Opens (and creates) the store; the secret comes from configuration or an environment variable.</summary>
    public KeyStore(string folder, string secret, TimeProvider time)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length < 16)
        {
            throw new ArgumentException("The key store secret must have at least 16 characters (set Connector:Identity:KeyStoreSecret or DATASPACE_KEYSTORE_SECRET).", nameof(secret));
        }

        _folder = folder;
        _secret = secret;
        _time = time;
        PrivateFiles.CreateFolder(folder);
    }

    /// <summary>Releases the store's lock.</summary>
    public void Dispose() => _lock.Dispose();

    /// <summary>Every stored key, oldest first.</summary>
    public async Task<IReadOnlyList<KeyInfo>> ListAsync(CancellationToken cancellationToken)
    {
        var keys = new List<KeyInfo>();
        foreach (var file in Directory.EnumerateFiles(_folder, "*.key.json"))
        {
            var json = JsonNode.Parse(await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false))!.AsObject();
            keys.Add(ReadInfo(json));
        }

        return [.. keys.OrderBy(k => k.CreatedAt).ThenBy(k => k.Id, StringComparer.Ordinal)];
    }

    /// <summary>The active key, or null when the store is empty.</summary>
    public async Task<KeyInfo?> GetActiveAsync(CancellationToken cancellationToken) =>
        (await ListAsync(cancellationToken).ConfigureAwait(false)).LastOrDefault(k => k.IsActive);

    /// <summary>Makes a new key and makes it active; the previous active key is retired and kept until <paramref name="retainOldUntil"/>.</summary>
    public async Task<KeyInfo> CreateAsync(string algorithm, DateTimeOffset? retainOldUntil, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _time.GetUtcNow();
            foreach (var previous in (await ListAsync(cancellationToken).ConfigureAwait(false)).Where(k => k.IsActive))
            {
                var path = PathOf(previous.Id);
                var json = JsonNode.Parse(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false))!.AsObject();
                json["retiredAt"] = now.ToString("O", CultureInfo.InvariantCulture);
                json["retainUntil"] = (retainOldUntil ?? now).ToString("O", CultureInfo.InvariantCulture);
                await WriteAsync(path, json, cancellationToken).ConfigureAwait(false);
            }

            using var key = SigningKey.Generate(algorithm);
            var id = $"key-{now:yyyyMMddHHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
            var info = new KeyInfo { Id = id, Algorithm = key.Algorithm, PublicKey = key.PublicJwk, CreatedAt = now };
            var file = new JsonObject
            {
                ["id"] = id,
                ["alg"] = key.Algorithm,
                ["publicKeyJwk"] = key.PublicJwk.ToJson(),
                ["createdAt"] = now.ToString("O", CultureInfo.InvariantCulture),
                ["privateKey"] = Encrypt(id, key.Algorithm, Encoding.UTF8.GetBytes(key.ExportPrivateJwk().ToJson(includePrivate: true).ToJsonString())),
            };
            await WriteAsync(PathOf(id), file, cancellationToken).ConfigureAwait(false);
            return info;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Decrypts a stored key for signing; the caller disposes it.</summary>
    /// <exception cref="KeyNotFoundException">No key has the id.</exception>
    /// <exception cref="CryptographicException">The secret does not decrypt the key, or the file was altered.</exception>
    public async Task<SigningKey> LoadSigningKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        var path = PathOf(keyId);
        if (!File.Exists(path))
        {
            throw new KeyNotFoundException($"No key '{keyId}' in the key store {_folder}.");
        }

        var json = JsonNode.Parse(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false))!.AsObject();
        var plain = Decrypt(keyId, json["alg"]!.GetValue<string>(), json["privateKey"]!.AsObject());
        try
        {
            if (!Jwk.TryParse(Encoding.UTF8.GetString(plain), out var jwk, out var reason))
            {
                throw new CryptographicException($"Key '{keyId}' decrypted to an unusable JWK: {reason}");
            }

            return SigningKey.FromPrivateJwk(jwk);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    private JsonObject Encrypt(string id, string alg, byte[] plaintext)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        var ciphertext = new byte[plaintext.Length];
        var key = DeriveKey(salt);
        try
        {
            using var aes = new AesGcm(key, tag.Length);
            aes.Encrypt(nonce, plaintext, ciphertext, tag, AssociatedData(id, alg));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(plaintext);
        }

        return new JsonObject
        {
            ["enc"] = "A256GCM",
            ["kdf"] = "PBKDF2-SHA256",
            ["iterations"] = Iterations,
            ["salt"] = Base64Url.EncodeToString(salt),
            ["nonce"] = Base64Url.EncodeToString(nonce),
            ["tag"] = Base64Url.EncodeToString(tag),
            ["ciphertext"] = Base64Url.EncodeToString(ciphertext),
        };
    }

    private byte[] Decrypt(string id, string alg, JsonObject sealedKey)
    {
        var salt = Base64Url.DecodeFromChars(sealedKey["salt"]!.GetValue<string>());
        var nonce = Base64Url.DecodeFromChars(sealedKey["nonce"]!.GetValue<string>());
        var tag = Base64Url.DecodeFromChars(sealedKey["tag"]!.GetValue<string>());
        var ciphertext = Base64Url.DecodeFromChars(sealedKey["ciphertext"]!.GetValue<string>());
        var plaintext = new byte[ciphertext.Length];
        var key = DeriveKey(salt, sealedKey["iterations"]?.GetValue<int>() ?? Iterations);
        try
        {
            using var aes = new AesGcm(key, tag.Length);
            aes.Decrypt(nonce, ciphertext, tag, plaintext, AssociatedData(id, alg));
            return plaintext;
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new CryptographicException($"The key store secret does not decrypt key '{id}', or its file was altered.", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private byte[] DeriveKey(byte[] salt, int iterations = Iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(_secret), salt, iterations, HashAlgorithmName.SHA256, 32);

    // Binding id and algorithm to the ciphertext stops a key file from being passed off under another name.
    private static byte[] AssociatedData(string id, string alg) => Encoding.UTF8.GetBytes(id + "|" + alg);

    private static KeyInfo ReadInfo(JsonObject json)
    {
        using var doc = JsonDocument.Parse(json["publicKeyJwk"]!.ToJsonString());
        if (!Jwk.TryParse(doc.RootElement, out var jwk, out var reason))
        {
            throw new InvalidDataException($"Key '{json["id"]}' has an unusable public key: {reason}");
        }

        return new KeyInfo
        {
            Id = json["id"]!.GetValue<string>(),
            Algorithm = json["alg"]!.GetValue<string>(),
            PublicKey = jwk,
            CreatedAt = DateTimeOffset.Parse(json["createdAt"]!.GetValue<string>(), CultureInfo.InvariantCulture),
            RetiredAt = json["retiredAt"] is { } r ? DateTimeOffset.Parse(r.GetValue<string>(), CultureInfo.InvariantCulture) : null,
            RetainUntil = json["retainUntil"] is { } u ? DateTimeOffset.Parse(u.GetValue<string>(), CultureInfo.InvariantCulture) : null,
        };
    }

    private string PathOf(string id) =>
        id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') ? Path.Combine(_folder, id + ".key.json") : throw new ArgumentException($"'{id}' is not a key id.", nameof(id));

    private static async Task WriteAsync(string path, JsonObject json, CancellationToken cancellationToken)
    {
        var temp = path + ".tmp";
        await PrivateFiles.WriteAllTextAsync(temp, json.ToJsonString(Indented), cancellationToken).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
    }
}

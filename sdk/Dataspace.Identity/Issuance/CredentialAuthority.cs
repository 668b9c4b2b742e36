using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Identity.Credentials;
using Dataspace.Identity.StatusLists;
using Dataspace.Sdk.Audit;
using Dataspace.Sdk.Storage;

namespace Dataspace.Identity.Issuance;

/// <summary>
/// A data-space authority's issuing desk: issues credentials with a revocation entry, revokes them by id, and signs the
/// status list credentials it serves. State (issued records and one bitstring per profile) lives in a folder.
/// </summary>
/// <remarks>One process owns a folder; operations are serialized.</remarks>
public sealed class CredentialAuthority : IDisposable
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private readonly string _folder;
    private readonly DidSigner _signer;
    private readonly Uri _statusBase;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly IAuditLog? _audit;

    /// <summary>Creates the desk; status lists are published at <c>{statusBaseUrl}/status/{vc20|vc11}</c>.</summary>
    /// <param name="folder">Where the desk keeps its state.</param>
    /// <param name="signer">The authority's DID and key.</param>
    /// <param name="statusBaseUrl">The base URL status lists are served under.</param>
    /// <param name="time">The clock.</param>
    /// <param name="audit">The audit log every issuance and revocation is appended to before it is returned; null for a desk without one.</param>
    public CredentialAuthority(string folder, DidSigner signer, Uri statusBaseUrl, TimeProvider time, IAuditLog? audit = null)
    {
        _audit = audit;
        ArgumentNullException.ThrowIfNull(statusBaseUrl);
        _folder = folder;
        _signer = signer;
        _statusBase = new Uri(statusBaseUrl.AbsoluteUri.TrimEnd('/') + "/");
        _time = time;
        PrivateFiles.CreateFolder(folder);
    }

    /// <summary>The authority's DID.</summary>
    public string Did => _signer.Did;

    /// <summary>The URL path segment of a profile's status list (<c>vc20</c> or <c>vc11</c>).</summary>
    public static string StatusListName(CredentialProfile profile) => profile == CredentialProfile.Vc11StatusList2021 ? "vc11" : "vc20";

    /// <summary>The URL a profile's status list credential is served at.</summary>
    public Uri StatusListUrl(CredentialProfile profile) => new(_statusBase, "status/" + StatusListName(profile));

    /// <summary>Issues a credential with the next free index of the profile's revocation list.</summary>
    public async Task<(string Jwt, IssuedCredentialRecord Record)> IssueAsync(CredentialRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var records = await ReadRecordsAsync(cancellationToken).ConfigureAwait(false);
            var profileId = CredentialProfiles.ToId(request.Profile);
            var index = records.Where(r => r.Profile == profileId).Select(r => r.StatusIndex + 1).DefaultIfEmpty(0).Max();
            if (index >= StatusBitstring.DefaultLength)
            {
                throw new InvalidOperationException($"The {profileId} revocation list is full ({StatusBitstring.DefaultLength} entries).");
            }

            var now = _time.GetUtcNow();
            var id = "urn:uuid:" + Guid.NewGuid();
            var validUntil = request.ValidFor is { } lifetime ? now + lifetime : (DateTimeOffset?)null;
            var jwt = JwtCredentials.Issue(
                new CredentialDraft
                {
                    Id = id,
                    Types = [request.Type],
                    SubjectDid = request.SubjectDid,
                    Claims = request.Claims,
                    ValidFrom = now,
                    ValidUntil = validUntil,
                    Status = new CredentialStatusEntry { StatusListCredential = StatusListUrl(request.Profile).AbsoluteUri, Index = index },
                },
                _signer,
                request.Profile);
            var record = new IssuedCredentialRecord
            {
                Id = id, SubjectDid = request.SubjectDid, Types = [request.Type], Profile = profileId, StatusIndex = index, IssuedAt = now, ValidUntil = validUntil,
            };
            records.Add(record);
            await WriteRecordsAsync(records, cancellationToken).ConfigureAwait(false);
            await AuditAsync(AuditRecordTypes.CredentialIssued, record, System.Text.Encoding.UTF8.GetBytes(jwt)).ConfigureAwait(false);
            return (jwt, record);
        }
        finally
        {
            _lock.Release();
        }
    }

    // The record is stored; its audit entry must not be dropped because the caller gave up meanwhile.
    private async Task AuditAsync(string type, IssuedCredentialRecord record, byte[]? credential)
    {
        if (_audit is null)
        {
            return;
        }

        await _audit.AppendAsync(new AuditRecord
        {
            Type = type,
            Actor = Did,
            CounterParty = record.SubjectDid,
            Digest = credential is null ? null : "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(credential)),
            Details = new JsonObject
            {
                ["credentialId"] = record.Id,
                ["types"] = new JsonArray([.. record.Types.Select(t => (JsonNode?)t)]),
                ["profile"] = record.Profile,
                ["statusIndex"] = record.StatusIndex,
            },
        }, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Flips the credential's revocation bit; false if this authority issued no credential with the id.</summary>
    public async Task<bool> RevokeAsync(string credentialId, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var records = await ReadRecordsAsync(cancellationToken).ConfigureAwait(false);
            var at = records.FindIndex(r => r.Id == credentialId);
            if (at < 0)
            {
                return false;
            }

            var wasRevoked = records[at].Revoked;
            records[at] = records[at] with { Revoked = true };
            await WriteRecordsAsync(records, cancellationToken).ConfigureAwait(false);
            if (!wasRevoked)
            {
                await AuditAsync(AuditRecordTypes.CredentialRevoked, records[at], null).ConfigureAwait(false);
            }

            return true;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Every credential issued, oldest first.</summary>
    public async Task<IReadOnlyList<IssuedCredentialRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await ReadRecordsAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>The profile's status list credential, signed now from the current revocations (served by <c>authority serve</c>).</summary>
    public async Task<string> GetStatusListCredentialAsync(CredentialProfile profile, CancellationToken cancellationToken)
    {
        var profileId = CredentialProfiles.ToId(profile);
        var bits = new StatusBitstring();
        foreach (var record in (await ListAsync(cancellationToken).ConfigureAwait(false)).Where(r => r.Revoked && r.Profile == profileId))
        {
            bits.Set(record.StatusIndex, true);
        }

        var now = _time.GetUtcNow();
        return JwtCredentials.IssueStatusList(_signer, profile, StatusListUrl(profile).AbsoluteUri, StatusPurposes.Revocation, bits, now, null);
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _lock.Dispose();

    private string RecordsPath => Path.Combine(_folder, "issued.json");

    private async Task<List<IssuedCredentialRecord>> ReadRecordsAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(RecordsPath))
        {
            return [];
        }

        var json = JsonNode.Parse(await File.ReadAllTextAsync(RecordsPath, cancellationToken).ConfigureAwait(false))!.AsArray();
        return [.. json.Select(n => new IssuedCredentialRecord
        {
            Id = n!["id"]!.GetValue<string>(),
            SubjectDid = n["subject"]!.GetValue<string>(),
            Types = [.. n["types"]!.AsArray().Select(t => t!.GetValue<string>())],
            Profile = n["profile"]!.GetValue<string>(),
            StatusIndex = n["statusIndex"]!.GetValue<int>(),
            IssuedAt = DateTimeOffset.Parse(n["issuedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture),
            ValidUntil = n["validUntil"] is { } u ? DateTimeOffset.Parse(u.GetValue<string>(), CultureInfo.InvariantCulture) : null,
            Revoked = n["revoked"]?.GetValue<bool>() ?? false,
        })];
    }

    private async Task WriteRecordsAsync(List<IssuedCredentialRecord> records, CancellationToken cancellationToken)
    {
        var json = new JsonArray([.. records.Select(r => (JsonNode?)new JsonObject
        {
            ["id"] = r.Id,
            ["subject"] = r.SubjectDid,
            ["types"] = new JsonArray([.. r.Types.Select(t => (JsonNode?)JsonValue.Create(t))]),
            ["profile"] = r.Profile,
            ["statusIndex"] = r.StatusIndex,
            ["issuedAt"] = r.IssuedAt.ToString("O", CultureInfo.InvariantCulture),
            ["validUntil"] = r.ValidUntil?.ToString("O", CultureInfo.InvariantCulture),
            ["revoked"] = r.Revoked,
        })]);
        var temp = RecordsPath + ".tmp";
        await PrivateFiles.WriteAllTextAsync(temp, json.ToJsonString(Indented), cancellationToken).ConfigureAwait(false);
        File.Move(temp, RecordsPath, overwrite: true);
    }
}

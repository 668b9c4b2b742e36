using Dataspace.Identity.Dcp;
using Dataspace.Identity.Keys;
using Dataspace.Identity.Trust;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Identity;

/// <summary>Reads the key store (creating the first key when empty) and the trust-anchor file before the connector serves requests.</summary>
internal sealed partial class IdentityInitializer : IHostedService
{
    private readonly KeyStore _keys;
    private readonly ConnectorIdentityProvider _identity;
    private readonly StaticTrustAnchorProvider _trust;
    private readonly Join.JoinedTrustAnchors _joined;
    private readonly IdentityPaths _paths;
    private readonly ConnectorIdentityOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<IdentityInitializer> _logger;

    public IdentityInitializer(
        KeyStore keys, ConnectorIdentityProvider identity, StaticTrustAnchorProvider trust, Join.JoinedTrustAnchors joined, IdentityPaths paths,
        IOptions<ConnectorIdentityOptions> options, TimeProvider time, ILogger<IdentityInitializer> logger)
    {
        _keys = keys;
        _identity = identity;
        _trust = trust;
        _joined = joined;
        _paths = paths;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var did = string.IsNullOrEmpty(_options.Did) ? null : _options.Did;
        var services = did is null || _options.PublicUrl is null
            ? []
            : LocalIdentities.Services(did, new Uri(_options.PublicUrl, _options.CredentialServicePath), new Uri(_options.PublicUrl, _options.DspPath));
        var identity = await LocalIdentities.LoadAsync(_keys, did, services, _options.KeyAlgorithm, _time, cancellationToken).ConfigureAwait(false);
        _identity.Set(identity);
        LogIdentity(_logger, identity.Did, identity.Signer.KeyId, identity.Signer.Key.Algorithm);

        if (_paths.TrustAnchorsFile is { } file)
        {
            if (!File.Exists(file))
            {
                throw new FileNotFoundException($"{ConnectorIdentityOptions.Section}:TrustAnchorsFile {file} does not exist", file);
            }

            var anchors = await TrustAnchorFile.LoadAsync(file, cancellationToken).ConfigureAwait(false);
            _trust.Update(anchors);
            LogTrust(_logger, anchors.Anchors.Count, file);
        }

        // The authorities joined with 'dataspace join' are trusted beside the operator's file.
        await _joined.LoadAsync(_trust.Current, cancellationToken).ConfigureAwait(false);
        if (_trust.Current.Anchors.Count == 0)
        {
            LogNoTrust(_logger);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Identity {Did} signs with {KeyId} ({Algorithm})")]
    private static partial void LogIdentity(ILogger logger, string did, string keyId, string algorithm);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Trusting {Count} data-space authorities from {File}")]
    private static partial void LogTrust(ILogger logger, int count, string file);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "No trust anchor: no trust-anchor file is configured (Connector:Identity:TrustAnchorsFile) and no data space was joined (dataspace join): no credential will be accepted")]
    private static partial void LogNoTrust(ILogger logger);
}

using Dataspace.Identity.Trust;

namespace Dataspace.Connector.Identity.Join;

/// <summary>
/// The authorities this connector joined (<c>{data}/trust-anchors.joined.json</c>), trusted beside the operator's
/// trust-anchor file: the snapshot the connector uses is both sets together.
/// </summary>
internal sealed class JoinedTrustAnchors
{
    private readonly string _path;
    private readonly StaticTrustAnchorProvider _provider;
    private readonly object _gate = new();
    private TrustAnchorSet _configured = TrustAnchorSet.Empty;
    private TrustAnchorSet _joined = TrustAnchorSet.Empty;

    public JoinedTrustAnchors(string path, StaticTrustAnchorProvider provider)
    {
        _path = path;
        _provider = provider;
    }

    /// <summary>Reads the joined authorities and publishes them with the operator's <paramref name="configured"/> anchors.</summary>
    public async Task LoadAsync(TrustAnchorSet configured, CancellationToken cancellationToken)
    {
        var joined = File.Exists(_path) ? await TrustAnchorFile.LoadAsync(_path, cancellationToken).ConfigureAwait(false) : TrustAnchorSet.Empty;
        lock (_gate)
        {
            _configured = configured;
            _joined = joined;
            Publish();
        }
    }

    /// <summary>Trusts <paramref name="anchor"/> from now on (replacing an earlier entry for its DID) and keeps it in the file.</summary>
    public async Task AddAsync(TrustAnchor anchor, CancellationToken cancellationToken)
    {
        TrustAnchorSet joined;
        lock (_gate)
        {
            joined = new TrustAnchorSet([.. _joined.Anchors.Where(a => a.Did != anchor.Did), anchor]);
        }

        await TrustAnchorFile.SaveAsync(_path, joined, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _joined = joined;
            Publish();
        }
    }

    private void Publish() => _provider.Update(new TrustAnchorSet([.. _configured.Anchors, .. _joined.Anchors]));
}

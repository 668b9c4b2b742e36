namespace Dataspace.Connector.Protocol.Dsp;

/// <summary>Supplies the token that proves our identity to a peer on each DSP call.</summary>
public interface IDspTokenProvider
{
    /// <summary>The bearer token for a call to <paramref name="counterPartyId"/>, or null to send none.</summary>
    Task<string?> GetTokenAsync(string counterPartyId, CancellationToken cancellationToken);
}

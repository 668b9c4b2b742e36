namespace Dataspace.Connector.Compute;

/// <summary>Another party of a task and the DSP endpoint its connector answers on.</summary>
/// <param name="ParticipantId">The party's DID.</param>
/// <param name="DspEndpoint">Its DSP base address (from the agreement's counter-party or the participant registry).</param>
public sealed record ComputePeerEndpoint(string ParticipantId, Uri DspEndpoint);

namespace Dataspace.Connector.Compute;

/// <summary>Who this connector is to the other parties of a job.</summary>
/// <param name="ParticipantId">Its participant id (DID).</param>
/// <param name="DspEndpoint">Its DSP base address, where peers propose jobs and send state notices.</param>
/// <param name="DataDirectory">Its data folder, under which outputs and uploaded inputs are kept.</param>
public sealed record ComputeSelf(string ParticipantId, Uri DspEndpoint, string DataDirectory);

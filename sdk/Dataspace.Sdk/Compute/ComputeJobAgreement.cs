namespace Dataspace.Sdk.Compute;

/// <summary>The agreement that binds one provider to a job, as a pull token binds a transfer.</summary>
/// <param name="ProviderId">The provider's DID.</param>
/// <param name="AgreementId">The DSP agreement's id.</param>
/// <param name="ConsumerId">The consumer's DID in that agreement (the job's initiator).</param>
/// <param name="ProviderEndpoint">The provider's DSP base address, where the job is proposed and its state read.</param>
public sealed record ComputeJobAgreement(string ProviderId, string AgreementId, string ConsumerId, Uri? ProviderEndpoint = null);

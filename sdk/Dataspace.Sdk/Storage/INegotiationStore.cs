namespace Dataspace.Sdk.Storage;

/// <summary>Contract negotiations; a transition to AGREED stores its agreement (<see cref="ProcessEffects.Agreement"/>).</summary>
public interface INegotiationStore : IProcessStore<ContractNegotiationRecord, NegotiationState>;

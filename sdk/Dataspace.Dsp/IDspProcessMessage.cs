namespace Dataspace.Dsp;

/// <summary>A DSP message or protocol object that belongs to one negotiation or transfer process, named by its two process ids.</summary>
/// <remarks>Lets the connector address an error body to the process without knowing the concrete message type.</remarks>
public interface IDspProcessMessage : IDspMessage
{
    /// <summary>The provider's process id; null on a message sent before the provider has one (the first request).</summary>
    string? ProviderPid { get; }

    /// <summary>The consumer's process id; null on a message sent before the consumer has one (the provider's first offer).</summary>
    string? ConsumerPid { get; }
}

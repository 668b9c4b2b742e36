namespace Dataspace.Conformance;

/// <summary>
/// Configuration keys of the dsp and robustness profiles: the official DSP TCK's (so a target's TCK properties file works
/// unchanged) and the suite's own (<c>conformance.</c>).
/// </summary>
public static class DspConfigurationKeys
{
    /// <summary>The target's DSP endpoint, e.g. <c>http://host:8282/api/dsp</c>.</summary>
    public const string ProtocolUrl = "dataspacetck.dsp.connector.http.url";

    /// <summary>The target's base URL; the version document is read from <c>{base}/.well-known/dspace-version</c>.</summary>
    public const string BaseUrl = "dataspacetck.dsp.connector.http.base.url";

    /// <summary>The Authorization header value sent with every request to the target.</summary>
    public const string Authorization = "dataspacetck.dsp.connector.http.headers.authorization";

    /// <summary>The target's participant id.</summary>
    public const string AgentId = "dataspacetck.dsp.connector.agent.id";

    /// <summary>The target's trigger to start a negotiation with the suite (consumer cases).</summary>
    public const string NegotiationInitiateUrl = "dataspacetck.dsp.connector.negotiation.initiate.url";

    /// <summary>The target's trigger to start a transfer with the suite (consumer cases).</summary>
    public const string TransferInitiateUrl = "dataspacetck.dsp.connector.transfer.initiate.url";

    /// <summary>
    /// How long to wait for a message from the target: seconds (default 15); values above 600 are milliseconds, as the
    /// TCK's README documents them; at most 5 minutes.
    /// </summary>
    public const string DefaultWait = "dataspacetck.dsp.default.wait";

    /// <summary>The interface the suite's callback server binds to (default 127.0.0.1).</summary>
    public const string CallbackHost = "dataspacetck.host";

    /// <summary>The port of the suite's callback server (default 0: a free port).</summary>
    public const string CallbackPort = "dataspacetck.port";

    /// <summary>The callback address the suite puts into its messages (default: the callback server's own address).</summary>
    public const string CallbackAddress = "dataspacetck.callback.address";

    /// <summary>The participant id the suite acts as (default <c>TCK_PARTICIPANT</c>, the TCK's).</summary>
    public const string ParticipantId = "conformance.participant.id";

    /// <summary>Callback ordering (DSP:03-01): how many copies of each flow run at once (default 4).</summary>
    public const string OrderingConcurrency = "conformance.ordering.concurrency";

    /// <summary>Robustness: how many mutated messages to send per run (default 300).</summary>
    public const string MutationCount = "conformance.robustness.mutations";

    /// <summary>Robustness: the seed of the mutations (default 7), so a failure can be replayed.</summary>
    public const string MutationSeed = "conformance.robustness.seed";

    /// <summary>Robustness: size in bytes of the oversized body (default 16 MiB).</summary>
    public const string OversizedBytes = "conformance.robustness.oversized.bytes";

    /// <summary>Robustness: seconds within which the target must answer or drop an oversized or trickled request (default 30).</summary>
    public const string SlowClientTimeout = "conformance.robustness.timeout.seconds";
}

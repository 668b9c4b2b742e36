namespace Dataspace.Sdk.Transfer;

/// <summary>The outcome of <see cref="ITransferChannel.StartAsync"/>.</summary>
public sealed record TransferStartResult
{
    private TransferStartResult() { }

    /// <summary>For pull types, the endpoint and credentials the consumer fetches with; null for push types.</summary>
    public DataAddress? ConsumerAddress { get; private init; }

    /// <summary>Why the start failed; null on success.</summary>
    public string? FailureReason { get; private init; }

    /// <summary>Whether delivery started.</summary>
    public bool Succeeded => FailureReason is null;

    /// <summary>Delivery started; <paramref name="consumerAddress"/> for pull types.</summary>
    public static TransferStartResult Started(DataAddress? consumerAddress) => new() { ConsumerAddress = consumerAddress };

    /// <summary>Delivery could not start, with the reason the consumer and the operator see.</summary>
    public static TransferStartResult Fail(string reason) => new() { FailureReason = reason };
}

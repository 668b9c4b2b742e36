using System.Text.Json;
using Dataspace.Sdk.Compute;
using Dataspace.Sdk.Testing.Compute;

namespace Dataspace.Plugins.Compute.Embedded.Tests.Aggregation;

/// <summary>
/// Runs every party like <see cref="ComponentHarness"/>, but lets a test put a fault in one party's channel (a party
/// that leaves mid-protocol, a message altered in transit) and does not close the network when that party fails, so
/// the others carry on as they would after a real dropout.
/// </summary>
internal static class PartyRunner
{
    public static async Task<IReadOnlyList<ComponentHarness.PartyOutcome>> RunAsync(
        IComputeComponent component,
        IReadOnlyList<ComponentHarness.PartySetup> parties,
        IReadOnlyDictionary<string, JsonElement> attributes,
        ReleasePolicy release,
        InProcessComputeNetwork network,
        Func<string, IComputeChannel, IComputeChannel>? decorate = null)
    {
        var partyList = parties.Select(p => p.Party).ToList();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var runs = parties.Select(async setup =>
        {
            var outputs = new MemoryComputeOutputs(setup.Party.ParticipantId, release);
            var channel = network.For(setup.Party.ParticipantId);
            var context = new ComponentContext
            {
                JobId = "job-1",
                TaskId = "task-1",
                Self = setup.Party.ParticipantId,
                Role = setup.Party.Role,
                Parties = partyList,
                Attributes = attributes,
                Inputs = setup.Inputs,
                Outputs = outputs,
                Channel = decorate?.Invoke(setup.Party.ParticipantId, channel) ?? channel,
                Release = release,
                Budget = setup.Budget,
            };
            var result = await Task.Run(() => component.RunAsync(context, timeout.Token));
            return new ComponentHarness.PartyOutcome(setup.Party, result, outputs);
        }).ToList();
        return await Task.WhenAll(runs);
    }
}

/// <summary>A party that leaves the task the moment it would send on <paramref name="topic"/> (its channel closes).</summary>
internal sealed class LeavingChannel(IComputeChannel inner, string topic) : IComputeChannel
{
    public int MaxPayloadBytes => inner.MaxPayloadBytes;

    public ValueTask SendAsync(string participantId, string messageTopic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
        => messageTopic == topic ? throw new ComputeChannelClosedException("This party left the task.") : inner.SendAsync(participantId, messageTopic, payload, cancellationToken);

    public ValueTask<ReadOnlyMemory<byte>> ReceiveAsync(string participantId, string messageTopic, CancellationToken cancellationToken)
        => inner.ReceiveAsync(participantId, messageTopic, cancellationToken);
}

/// <summary>Flips one bit of the first message a party sends on <paramref name="topic"/>, as an attacker on the path would.</summary>
internal sealed class TamperingChannel(IComputeChannel inner, string topic, int offset) : IComputeChannel
{
    private bool _done;

    public int MaxPayloadBytes => inner.MaxPayloadBytes;

    public ValueTask SendAsync(string participantId, string messageTopic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (messageTopic != topic || _done) return inner.SendAsync(participantId, messageTopic, payload, cancellationToken);
        _done = true;
        var copy = payload.ToArray();
        copy[offset] ^= 0x01;
        return inner.SendAsync(participantId, messageTopic, copy, cancellationToken);
    }

    public ValueTask<ReadOnlyMemory<byte>> ReceiveAsync(string participantId, string messageTopic, CancellationToken cancellationToken)
        => inner.ReceiveAsync(participantId, messageTopic, cancellationToken);
}

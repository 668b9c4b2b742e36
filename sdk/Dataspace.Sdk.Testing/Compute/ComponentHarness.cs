using System.Text.Json;
using Dataspace.Sdk.Compute;

namespace Dataspace.Sdk.Testing.Compute;

/// <summary>Runs every party of one task of a component concurrently in this process, over an <see cref="InProcessComputeNetwork"/>.</summary>
public static class ComponentHarness
{
    /// <summary>One party's set-up for a harness run.</summary>
    /// <param name="Party">The party and its role.</param>
    /// <param name="Inputs">Its inputs by name.</param>
    /// <param name="Budget">Its privacy budget, for components that spend one.</param>
    /// <param name="Blobs">Its binary inputs by name (a model), for components that take one.</param>
    public sealed record PartySetup(ComputeParty Party, IReadOnlyDictionary<string, IComputeInput> Inputs, IPrivacyBudget? Budget = null, IReadOnlyDictionary<string, IComputeBlobInput>? Blobs = null);

    /// <summary>One party's outcome.</summary>
    public sealed record PartyOutcome(ComputeParty Party, ComponentResult Result, MemoryComputeOutputs Outputs);

    /// <summary>Runs the task at every party and returns each party's result and outputs, in the order given.</summary>
    public static async Task<IReadOnlyList<PartyOutcome>> RunAsync(
        IComputeComponent component,
        IReadOnlyList<PartySetup> parties,
        IReadOnlyDictionary<string, JsonElement> attributes,
        ReleasePolicy release,
        InProcessComputeNetwork? network = null,
        CancellationToken cancellationToken = default)
    {
        var partyList = parties.Select(p => p.Party).ToList();
        network ??= new InProcessComputeNetwork(partyList.Select(p => p.ParticipantId));
        var runs = parties.Select(async setup =>
        {
            var outputs = new MemoryComputeOutputs(setup.Party.ParticipantId, release);
            var context = new ComponentContext
            {
                JobId = "job-1",
                TaskId = "task-1",
                Self = setup.Party.ParticipantId,
                Role = setup.Party.Role,
                Parties = partyList,
                Attributes = attributes,
                Inputs = setup.Inputs,
                Blobs = setup.Blobs ?? new Dictionary<string, IComputeBlobInput>(),
                Outputs = outputs,
                Channel = network.For(setup.Party.ParticipantId),
                Release = release,
                Budget = setup.Budget,
            };
            ComponentResult result;
            try
            {
                result = await component.RunAsync(context, cancellationToken).ConfigureAwait(false);
            }
            catch (ComputeChannelClosedException e)
            {
                result = ComponentResult.Failure(e.Message);
            }
            // A party that ends (or fails) closes nothing for the others; a failed one leaves, as a real party would.
            if (!result.Succeeded) network.Close();
            return new PartyOutcome(setup.Party, result, outputs);
        }).ToList();
        return await Task.WhenAll(runs).ConfigureAwait(false);
    }
}

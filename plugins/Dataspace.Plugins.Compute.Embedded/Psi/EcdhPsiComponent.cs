using System.Text.Json;
using Dataspace.Sdk.Compute;

namespace Dataspace.Plugins.Compute.Embedded.Psi;

/// <summary>
/// <c>psi/ecdh:1</c>: two-party ECDH private set intersection over Curve25519, byte-compatible with SecretFlow's
/// default cryptor (see docs/compute/psi-ecdh.md). Modes: the intersection (to the receiver or to both), its size only,
/// or the sum of the sender's payload column over it (Paillier, as in Google's private intersection-sum).
/// </summary>
internal sealed class EcdhPsiComponent(EcdhPsiOptions? options = null) : IComputeComponent
{
    /// <summary>The party that gets the result.</summary>
    public const string ReceiverRole = "receiver";

    /// <summary>The other party; it gets the result too with <c>receivers=both</c>.</summary>
    public const string SenderRole = "sender";

    private static readonly ComponentDescriptor Described = new(
        [SenderRole, ReceiverRole],
        [
            new ComponentParameter("mode", "string", Default: Json("\"intersection\""), AllowedValues: [PsiTaskSettings.Intersection, PsiTaskSettings.Cardinality, PsiTaskSettings.IntersectionSum]),
            new ComponentParameter("receivers", "string", Default: Json("\"receiver\""), AllowedValues: [PsiTaskSettings.Receiver, PsiTaskSettings.Both]),
            new ComponentParameter("curve", "string", Default: Json("\"curve25519\""), AllowedValues: [PsiTaskSettings.Curve25519, PsiTaskSettings.Ristretto255]),
            new ComponentParameter("key", "string"),
            new ComponentParameter("batch_size", "integer", Default: Json("4096")),
            new ComponentParameter("value", "string"),
            new ComponentParameter("paillier_bits", "integer", Default: Json("2048")),
        ],
        [ReleaseKinds.Intersection, ReleaseKinds.Cardinality, ReleaseKinds.IntersectionSum]);

    private readonly EcdhPsiOptions _options = options ?? new EcdhPsiOptions();

    /// <inheritdoc/>
    public string Name => ComputeComponents.PsiEcdh;

    /// <inheritdoc/>
    public ComponentDescriptor Descriptor => Described;

    /// <inheritdoc/>
    public async Task<ComponentResult> RunAsync(ComponentContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = PsiTaskSettings.Parse(context.Attributes, context.Channel.MaxPayloadBytes, out var error);
        if (settings is null) return ComponentResult.Failure(error!);
        var refusal = CheckParties(context, out var peer) ?? CheckRelease(context, settings);
        if (refusal is not null) return ComponentResult.Failure(refusal);
        if (!context.Inputs.TryGetValue("input", out var input) && context.Inputs.Count == 1) input = context.Inputs.Values.First();
        if (input is null) return ComponentResult.Failure("psi/ecdh:1 needs one input table (named 'input') at each party.");
        var keyColumn = settings.KeyColumn is null ? 0 : IndexOf(input.Columns, settings.KeyColumn);
        if (keyColumn < 0 || input.Columns.Count == 0)
            return ComponentResult.Failure($"The input has no column '{settings.KeyColumn}'; its columns are: {string.Join(", ", input.Columns)}.");

        var valueColumn = -1;
        if (settings.Mode == PsiTaskSettings.IntersectionSum && context.Role == SenderRole)
        {
            valueColumn = settings.ValueColumn is null ? -1 : IndexOf(input.Columns, settings.ValueColumn);
            if (valueColumn < 0)
                return ComponentResult.Failure($"Mode 'intersection-sum' needs the attribute 'value' to name the sender's payload column; '{settings.ValueColumn}' is not one of: {string.Join(", ", input.Columns)}.");
        }

        var spill = Path.Combine(_options.SpillDirectory ?? Path.GetTempPath(), $"dataspace-psi-{Guid.NewGuid():N}");
        var run = new EcdhPsiRun(context, settings, input, keyColumn, peer!.ParticipantId, _options, spill) { ValueColumn = valueColumn };
        try
        {
            return await run.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PsiProtocolException e)
        {
            return ComponentResult.Failure(e.Message);
        }
        catch (PsiInputException e)
        {
            return ComponentResult.Failure(e.Message);
        }
        catch (ComputeChannelClosedException e)
        {
            return ComponentResult.Failure($"The PSI task ended because the channel to the peer closed: {e.Message}");
        }
        finally
        {
            if (Directory.Exists(spill)) Directory.Delete(spill, recursive: true);
        }
    }

    // Both parties check the whole release before anything is sent: a refused task computes nothing.
    private static string? CheckRelease(ComponentContext context, PsiTaskSettings settings)
    {
        foreach (var party in context.Parties)
        {
            if (!settings.Receives(party.Role)) continue;
            if (!context.Release.Allows(party.ParticipantId, settings.ReleaseKind))
                return $"The agreement does not allow '{party.ParticipantId}' ({party.Role}) to receive the '{settings.ReleaseKind}' that mode '{settings.Mode}' with receivers '{(settings.BothReceive ? "both" : "receiver")}' gives it; nothing was computed.";
        }
        return null;
    }

    private static string? CheckParties(ComponentContext context, out ComputeParty? peer)
    {
        peer = null;
        if (context.Parties.Count != 2) return $"psi/ecdh:1 runs between exactly two parties; the task has {context.Parties.Count}.";
        if (context.Role is not (SenderRole or ReceiverRole)) return $"The role '{context.Role}' is not one of '{SenderRole}', '{ReceiverRole}'.";
        peer = context.Parties.FirstOrDefault(p => p.ParticipantId != context.Self);
        if (peer is null || context.Parties.All(p => p.ParticipantId != context.Self)) return "The task's parties must be this party and one other.";
        if (peer.Role == context.Role || peer.Role is not (SenderRole or ReceiverRole))
            return $"The task needs one '{SenderRole}' and one '{ReceiverRole}'; the parties are '{context.Role}' and '{peer.Role}'.";
        return null;
    }

    private static int IndexOf(IReadOnlyList<string> columns, string name)
    {
        for (var i = 0; i < columns.Count; i++)
            if (columns[i] == name) return i;
        return -1;
    }

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}

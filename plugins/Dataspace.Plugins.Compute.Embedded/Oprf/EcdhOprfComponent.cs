using System.Security.Cryptography;
using Dataspace.Sdk.Compute;

namespace Dataspace.Plugins.Compute.Embedded.Oprf;

/// <summary>
/// <c>psi/ecdh_oprf:1</c>: unbalanced PSI and keyword lookup (匿踪查询) with the RFC 9497 OPRF over ristretto255.
/// The server holds the large set, evaluated once under its OPRF key and cached; the client learns the intersection
/// (or its size) or the payload of the keys it looks up; the server learns the number of client items and, for a
/// lookup, a bucket holding at least <c>anonymity_set</c> of its rows. Protocol: docs/compute/psi-ecdh-oprf.md.
/// </summary>
internal sealed partial class EcdhOprfComponent(PreparedSetCache cache, OprfServerKey serverKey) : IComputeComponent
{
    /// <summary>The role holding the large set and the OPRF key.</summary>
    public const string ServerRole = "server";

    /// <summary>The role asking: its items are blinded before they leave.</summary>
    public const string ClientRole = "client";

    /// <inheritdoc/>
    public string Name => ComputeComponents.PsiEcdhOprf;

    /// <inheritdoc/>
    public ComponentDescriptor Descriptor { get; } = new(
        [ServerRole, ClientRole],
        OprfTaskSettings.Parameters,
        [ReleaseKinds.Intersection, ReleaseKinds.Cardinality, ReleaseKinds.Lookup]);

    /// <inheritdoc/>
    public async Task<ComponentResult> RunAsync(ComponentContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var settings = OprfTaskSettings.Read(context);
            var server = Single(context, ServerRole);
            var client = Single(context, ClientRole);
            return context.Role switch
            {
                ServerRole => await RunServerAsync(context, settings, client, cancellationToken).ConfigureAwait(false),
                ClientRole => await RunClientAsync(context, settings, server, cancellationToken).ConfigureAwait(false),
                _ => ComponentResult.Failure($"Role '{context.Role}' is not one of psi/ecdh_oprf:1's roles (server, client)."),
            };
        }
        catch (OprfProtocolException e)
        {
            return ComponentResult.Failure(e.Message);
        }
        catch (CryptographicException e)
        {
            return ComponentResult.Failure($"A cryptographic check failed: {e.Message}");
        }
    }

    private static string Single(ComponentContext context, string role)
    {
        var parties = context.Parties.Where(p => p.Role == role).ToList();
        if (parties.Count != 1) throw new OprfProtocolException($"psi/ecdh_oprf:1 needs exactly one '{role}'; the task has {parties.Count}.");
        return parties[0].ParticipantId;
    }

    private static Ristretto255Oprf Suite(OprfTaskSettings settings) => settings.Verifiable ? Ristretto255Oprf.Verifiable : Ristretto255Oprf.Base;
}

using Dataspace.Connector.Policies;
using Dataspace.Policies;
using Dataspace.Policies.Analysis;
using Dataspace.Policies.Compilation;

namespace Dataspace.Connector.Offers;

/// <summary>What an offer's access policy needs of a requester's claims, as stored in the offer index.</summary>
public sealed class OfferAccessAnalysis : IOfferAccessIndex
{
    private readonly PolicyService _policies;
    private readonly AccessPolicyAnalyzer _analyzer;

    /// <summary>Creates the analysis for the policies <paramref name="engine"/> compiles.</summary>
    public OfferAccessAnalysis(PolicyService policies, PolicyEngine engine)
    {
        _policies = policies;
        _analyzer = new AccessPolicyAnalyzer(engine);
    }

    /// <inheritdoc/>
    public string Fingerprint => _analyzer.Fingerprint;

    /// <summary>The requirement of an access policy given as its stored JSON text.</summary>
    public async Task<AccessRequirement> AnalyzeAsync(string accessPolicyText, CancellationToken cancellationToken)
    {
        try
        {
            var compiled = await _policies.CompileAsync(accessPolicyText, cancellationToken).ConfigureAwait(false);
            return _analyzer.Analyze(compiled.Policy);
        }
        catch (PolicyValidationException)
        {
            // The catalog evaluates it and fails closed; indexing it for everyone keeps that one place deciding.
            return AccessRequirement.Opaque;
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>> KeysAsync(string accessPolicyJson, CancellationToken cancellationToken) =>
        (await AnalyzeAsync(accessPolicyJson, cancellationToken).ConfigureAwait(false)).Keys;
}

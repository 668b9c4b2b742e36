using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Internal;
using Dataspace.Dsp;
using Dataspace.Policies;
using Dataspace.Policies.Compilation;
using Dataspace.Policies.Evaluation;
using Dataspace.Policies.Parsing;
using Dataspace.Sdk.Identity;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Policies;

/// <summary>Validates, compiles (once per policy text), evaluates and converts the connector's ODRL policies.</summary>
/// <remarks>
/// The compiled and converted forms are kept for at most <see cref="PolicyEnforcementOptions.PolicyCacheSize"/> policy
/// texts each (least recently used out first): every agreement a peer concludes has its own text, so an unbounded cache
/// would grow with them.
/// </remarks>
public sealed class PolicyService
{
    // Memoized pure functions of the text: nothing expires, the bound alone removes entries.
    private static readonly DateTimeOffset NoExpiry = DateTimeOffset.MaxValue;

    private readonly PolicyEngine _engine;
    private readonly DspSerializer _serializer;
    private readonly PolicyDocumentReader _reader = new();
    private readonly Dataspace.JsonLd.JsonLdProcessor _processor = new();
    private readonly BoundedCache<Lazy<Task<CompiledPolicy>>> _compiled;
    private readonly BoundedCache<Lazy<Task<OdrlPolicy>>> _dspForms;

    /// <summary>Creates the service.</summary>
    public PolicyService(PolicyEngine engine, DspSerializer serializer, IOptions<PolicyEnforcementOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _engine = engine;
        _serializer = serializer;
        _compiled = new(options.Value.PolicyCacheSize, TimeSpan.MaxValue);
        _dspForms = new(options.Value.PolicyCacheSize, TimeSpan.MaxValue);
    }

    /// <summary>How many policy texts are compiled and cached now (at most <see cref="PolicyEnforcementOptions.PolicyCacheSize"/>).</summary>
    internal int CachedCompiledCount => _compiled.Count;

    /// <summary>The problems with a policy (JSON path and message each); empty when valid.</summary>
    public async Task<IReadOnlyList<PolicyError>> ValidateAsync(JsonObject policy, CancellationToken cancellationToken)
    {
        try
        {
            await CompileAsync(policy, cancellationToken).ConfigureAwait(false);
            return [];
        }
        catch (PolicyValidationException e)
        {
            return e.Errors;
        }
    }

    /// <summary>The compiled policy; throws <see cref="PolicyValidationException"/> when invalid.</summary>
    public Task<CompiledPolicy> CompileAsync(JsonObject policy, CancellationToken cancellationToken) =>
        CompileAsync(policy.ToJsonString(), cancellationToken);

    /// <summary>The compiled policy from its stored JSON text; throws <see cref="PolicyValidationException"/> when invalid.</summary>
    public Task<CompiledPolicy> CompileAsync(string policyText, CancellationToken cancellationToken) =>
        CachedAsync(_compiled, policyText, async text =>
        {
            var parsed = await _reader.ReadAsync(JsonNode.Parse(text)!, CancellationToken.None).ConfigureAwait(false);
            return _engine.Compile(parsed);
        }, cancellationToken);

    /// <summary>Evaluates a policy for a request, with the compliance report.</summary>
    public async Task<PolicyEvaluation> EvaluateAsync(JsonObject policy, PolicyRequest request, CancellationToken cancellationToken) =>
        (await CompileAsync(policy, cancellationToken).ConfigureAwait(false)).Evaluate(request);

    /// <summary>
    /// Whether an offer's access policy (stored JSON text) lets <paramref name="party"/> see the offer: the one decision
    /// behind the catalog and behind accepting a contract request, so an offer hidden in the catalog cannot be
    /// negotiated by its id. An invalid policy permits no one (fail closed).
    /// </summary>
    public async Task<bool> PermitsAccessAsync(string accessPolicyText, RequestingParty party, string assetId, DateTimeOffset time, CancellationToken cancellationToken)
    {
        try
        {
            var compiled = await CompileAsync(accessPolicyText, cancellationToken).ConfigureAwait(false);
            return compiled.Decide(new PolicyRequest
            {
                Scope = Sdk.Policy.PolicyScope.Catalog,
                Party = party,
                Action = "http://www.w3.org/ns/odrl/2/use",
                Target = assetId,
                Time = time,
            }) == PolicyDecision.Permit;
        }
        catch (PolicyValidationException)
        {
            return false;
        }
    }

    /// <summary>The policy in DSP form (compact, DSP context) with the given id and target, for catalogs, offers and agreements.</summary>
    public Task<OdrlPolicy> ToDspAsync(JsonObject policy, string id, string? target, CancellationToken cancellationToken) =>
        ToDspAsync(policy.ToJsonString(), id, target, cancellationToken);

    /// <summary>The policy in DSP form from its stored JSON text, with the given id and target.</summary>
    public async Task<OdrlPolicy> ToDspAsync(string policyText, string id, string? target, CancellationToken cancellationToken)
    {
        // Converted once per policy text: catalogs convert every visible offer's contract policy on each request.
        var converted = await CachedAsync(_dspForms, policyText, ConvertToDspAsync, cancellationToken).ConfigureAwait(false);
        return converted with { Id = id, Target = target };
    }

    private async Task<OdrlPolicy> ConvertToDspAsync(string policyText)
    {
        // The policy may use any context: compact it with the DSP context first (embedding it as it is would clash with
        // the DSP context's protected terms), then let the DSP serializer map the canonical form onto the DSP records.
        var context = new JsonArray(DspContext.Url);
        var compacted = await _processor.CompactAsync(JsonNode.Parse(policyText)!, context, CancellationToken.None).ConfigureAwait(false);
        compacted.Remove("@context");
        var message = new JsonObject
        {
            ["@context"] = context.DeepClone(),
            ["@type"] = "ContractRequestMessage",
            ["consumerPid"] = "urn:local",
            ["offer"] = compacted,
        };
        return (await _serializer.ReadAsync<ContractRequestMessage>(message, CancellationToken.None).ConfigureAwait(false)).Offer;
    }

    /// <summary>One computation per policy text; a failed one is not kept, so the next call reports its error afresh.</summary>
    private static Task<T> CachedAsync<T>(BoundedCache<Lazy<Task<T>>> cache, string key, Func<string, Task<T>> compute, CancellationToken cancellationToken)
    {
        var task = cache.GetOrAdd(key, k => new Lazy<Task<T>>(() => compute(k)), NoExpiry, DateTimeOffset.MinValue).Value;
        if (task.IsFaulted)
        {
            cache.Remove(key);
        }

        return task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Whether two DSP policies have the same rules (permissions, prohibitions, obligations), whatever their ids and
    /// targets, compared by meaning: any JSON-LD form of the same rules is the same (see <see cref="OdrlCanonicalForm"/>).
    /// </summary>
    public static bool SameRules(OdrlPolicy a, OdrlPolicy b) =>
        string.Equals(OdrlCanonicalForm.Rules(a), OdrlCanonicalForm.Rules(b), StringComparison.Ordinal);

    /// <summary>The policy engine's view of a verified caller: its DID and its credentials' claims by credential type.</summary>
    public static RequestingParty Party(VerifiedCaller caller)
    {
        var claims = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var issuers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var credential in caller.Credentials)
        {
            foreach (var type in credential.Types.Where(t => t != "VerifiableCredential"))
            {
                // Claims and issuer of one type come from the same credential, so issuer: and claim: operands agree.
                claims[type] = credential.Claims;
                issuers[type] = credential.Issuer;
            }
        }

        return new RequestingParty(caller.Did) { Claims = claims, Issuers = issuers };
    }
}

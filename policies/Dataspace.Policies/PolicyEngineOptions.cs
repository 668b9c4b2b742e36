using Dataspace.Policies.Scripting;
using Dataspace.Policies.Vocabulary;
using Dataspace.Sdk.Policy;

namespace Dataspace.Policies;

/// <summary>What the engine knows: vocabularies, taxonomies, custom functions and scripts, and the sandbox limits.</summary>
public sealed record PolicyEngineOptions
{
    /// <summary>The action hierarchy; ODRL 2.2's unless replaced.</summary>
    public ActionHierarchy Actions { get; init; } = ActionHierarchy.Odrl;

    /// <summary>The purpose taxonomy for the purpose left operand.</summary>
    public TermHierarchy Purposes { get; init; } = DefaultTaxonomies.Purposes;

    /// <summary>The region hierarchy for the spatial left operand.</summary>
    public TermHierarchy Regions { get; init; } = DefaultTaxonomies.Regions;

    /// <summary>The industry taxonomy for the industry left operand.</summary>
    public TermHierarchy Industries { get; init; } = DefaultTaxonomies.Industries;

    /// <summary>C# functions for left operands the engine does not know natively.</summary>
    public IReadOnlyList<IPolicyFunction> Functions { get; init; } = [];

    /// <summary>JavaScript functions for left operands the engine does not know natively.</summary>
    public IReadOnlyList<ScriptFunctionDefinition> Scripts { get; init; } = [];

    /// <summary>Limits applied to every script call.</summary>
    public ScriptSandboxOptions Sandbox { get; init; } = new();

    /// <summary>
    /// ODRL profiles the engine understands; a policy declaring any other profile is invalid, since its terms could mean
    /// what the engine does not know. This engine's vocabulary and DSP 2025-1's ODRL profile unless replaced.
    /// </summary>
    public IReadOnlyList<string> SupportedProfiles { get; init; } =
        [PolicyVocabulary.Namespace, "https://w3id.org/dspace/2025/1/odrl-profile.jsonld", "https://w3id.org/dspace/2025/1/"];

    /// <summary>The scopes in which this connector evaluates policies; a constraint none of them can evaluate is invalid.</summary>
    public PolicyScope EnforcedScopes { get; init; } = PolicyScope.All;
}

using System.Text.Json.Nodes;
using Dataspace.Policies.Compute;
using Dataspace.Policies.Evaluation;
using Dataspace.Policies.Model;
using Dataspace.Policies.Parsing;
using Dataspace.Policies.Vocabulary;
using Dataspace.Sdk.Compute;
using Dataspace.Sdk.Policy;
using static Dataspace.Policies.Tests.TestData;

namespace Dataspace.Policies.Tests;

/// <summary>The compute scope: allowed components, release kinds per side, model digests, the privacy budget and job counts.</summary>
public sealed class ComputeScopeTests
{
    private static readonly OdrlPolicy PsiCardinalityOnly = UsePolicy(
        Constraint(PolicyVocabulary.ComputeComponent, ConstraintOperator.IsAnyOf, Set(Text(ComputeComponents.PsiEcdh))),
        Constraint(PolicyVocabulary.ConsumerRelease, ConstraintOperator.IsPartOf, Set(Text(ReleaseKinds.Cardinality))),
        Constraint(PolicyVocabulary.ProviderRelease, ConstraintOperator.IsPartOf, Set()),
        Constraint(PolicyVocabulary.MinGroupSize, ConstraintOperator.Gteq, Number(10)));

    private static PolicyRequest Job(ComputeUse use, long groupSize = 50) =>
        Request(scope: PolicyScope.Compute) with { Compute = use, GroupSize = groupSize };

    [Fact]
    public void Compute_AllowedComponentAndRelease_Permits()
    {
        var decision = Decide(PsiCardinalityOnly, Job(new ComputeUse { Component = ComputeComponents.PsiEcdh, ConsumerReleases = [ReleaseKinds.Cardinality] }));

        Assert.Equal(PolicyDecision.Permit, decision);
    }

    [Theory]
    [InlineData(ComputeComponents.PsiEcdhOprf, ReleaseKinds.Cardinality, null)]
    [InlineData(ComputeComponents.PsiEcdh, ReleaseKinds.Intersection, null)]
    [InlineData(ComputeComponents.PsiEcdh, ReleaseKinds.Cardinality, ReleaseKinds.Cardinality)]
    public void Compute_OtherComponentOrReleaseBeyondTheAgreement_Denies(string component, string consumerRelease, string? providerRelease)
    {
        var use = new ComputeUse
        {
            Component = component,
            ConsumerReleases = [consumerRelease],
            ProviderReleases = providerRelease is null ? null : [providerRelease],
        };

        Assert.Equal(PolicyDecision.Deny, Decide(PsiCardinalityOnly, Job(use)));
    }

    [Fact]
    public void Compute_SeveralReleasesAsked_PermitsOnlyWhenEveryOneIsAllowed()
    {
        var policy = UsePolicy(Constraint(PolicyVocabulary.ConsumerRelease, ConstraintOperator.IsPartOf, Set(Text(ReleaseKinds.Cardinality), Text(ReleaseKinds.IntersectionSum))));

        Assert.Equal(PolicyDecision.Permit, Decide(policy, Job(new ComputeUse { ConsumerReleases = [ReleaseKinds.Cardinality, ReleaseKinds.IntersectionSum] })));
        Assert.Equal(PolicyDecision.Deny, Decide(policy, Job(new ComputeUse { ConsumerReleases = [ReleaseKinds.Cardinality, ReleaseKinds.Intersection] })));
    }

    [Fact]
    public void Compute_GroupBelowTheMinimum_Denies()
    {
        Assert.Equal(PolicyDecision.Deny, Decide(PsiCardinalityOnly, Job(new ComputeUse { Component = ComputeComponents.PsiEcdh, ConsumerReleases = [ReleaseKinds.Cardinality] }, groupSize: 9)));
    }

    [Theory]
    [InlineData(0.5, 0.0, PolicyDecision.Permit)]
    [InlineData(1.0, 0.000001, PolicyDecision.Permit)]
    [InlineData(1.01, 0.0, PolicyDecision.Deny)]
    [InlineData(0.5, 0.00001, PolicyDecision.Deny)]
    public void Compute_Budget_DeniesWhatWouldExceedIt(double epsilon, double delta, PolicyDecision expected)
    {
        var policy = UsePolicy(
            Constraint(PolicyVocabulary.Epsilon, ConstraintOperator.Lteq, Number(1.0m)),
            Constraint(PolicyVocabulary.Delta, ConstraintOperator.Lteq, Number(0.000001m)),
            Constraint(PolicyVocabulary.BudgetPeriod, ConstraintOperator.Eq, Duration("P30D")));

        Assert.Equal(expected, Decide(policy, Job(new ComputeUse { Epsilon = (decimal)epsilon, Delta = (decimal)delta })));
    }

    [Fact]
    public void Compute_ModelDigestAndJobCount_AreChecked()
    {
        var policy = UsePolicy(
            Constraint(PolicyVocabulary.ModelDigest, ConstraintOperator.IsAnyOf, Set(Text("sha256:aa"), Text("sha256:bb"))),
            Constraint(PolicyVocabulary.JobCount, ConstraintOperator.Lteq, Number(3)));

        Assert.Equal(PolicyDecision.Permit, Decide(policy, Job(new ComputeUse { ModelDigest = "sha256:bb", JobCount = 3 })));
        Assert.Equal(PolicyDecision.Deny, Decide(policy, Job(new ComputeUse { ModelDigest = "sha256:cc", JobCount = 1 })));
        Assert.Equal(PolicyDecision.Deny, Decide(policy, Job(new ComputeUse { ModelDigest = "sha256:aa", JobCount = 4 })));
    }

    [Fact]
    public void ComputeOperands_OutsideTheComputeScope_AreDeferred()
    {
        // The compute terms of a compute offer do not stand in the way of negotiating it.
        Assert.Equal(PolicyDecision.Permit, Decide(PsiCardinalityOnly, Request(scope: PolicyScope.Negotiation)));
    }

    [Fact]
    public void ComputeOperand_OnlyComputeScopeEnforced_IsValid_AndInvalidWithoutIt()
    {
        Assert.Empty(new PolicyEngine(new PolicyEngineOptions { EnforcedScopes = PolicyScope.Compute }).Validate(PsiCardinalityOnly));
        Assert.NotEmpty(new PolicyEngine(new PolicyEngineOptions { EnforcedScopes = PolicyScope.Negotiation }).Validate(
            UsePolicy(Constraint(PolicyVocabulary.ComputeComponent, ConstraintOperator.Eq, Text(ComputeComponents.PsiEcdh)))));
    }

    [Fact]
    public void Terms_DeriveTheReleasePolicy_LimitedToWhatTheComponentCanRelease()
    {
        var terms = ComputeTerms.Read(PsiCardinalityOnly);
        var release = terms.Release([ReleaseKinds.Intersection, ReleaseKinds.Cardinality], "did:web:bank", ["did:web:telco"]);

        Assert.Equal([ComputeComponents.PsiEcdh], terms.Components!);
        Assert.True(release.Allows("did:web:bank", ReleaseKinds.Cardinality));
        Assert.False(release.Allows("did:web:bank", ReleaseKinds.Intersection));
        Assert.False(release.Allows("did:web:telco", ReleaseKinds.Cardinality));
        Assert.Equal(10, release.MinGroupSize);
        Assert.Null(terms.Budget);
    }

    [Fact]
    public async Task Terms_ReadFromJsonLd_WithTheBudgetAndDigests()
    {
        var json = JsonNode.Parse("""
            {
              "@context": ["http://www.w3.org/ns/odrl.jsonld", { "dsc": "https://w3id.org/dataspace-connector/policy/" }],
              "@type": "Set", "uid": "urn:policy:dp",
              "permission": [{
                "target": "urn:asset:weather", "action": "use",
                "constraint": [{ "and": [
                  { "leftOperand": "dsc:computeComponent", "operator": "eq", "rightOperand": "stats/dp_query:1" },
                  { "leftOperand": "dsc:consumerRelease", "operator": "eq", "rightOperand": "dp-statistic" },
                  { "leftOperand": "dsc:epsilon", "operator": "lteq", "rightOperand": 2.5 },
                  { "leftOperand": "dsc:delta", "operator": "lteq", "rightOperand": 0.00001 },
                  { "leftOperand": "dsc:budgetPeriod", "operator": "eq", "rightOperand": { "@value": "P30D", "@type": "xsd:duration" } },
                  { "leftOperand": "dsc:modelDigest", "operator": "isAnyOf", "rightOperand": ["sha256:01", "sha256:02"] }
                ]}]
              }]
            }
            """)!;
        var policy = await new PolicyDocumentReader().ReadAsync(json, CancellationToken.None);
        Assert.Empty(new PolicyEngine().Validate(policy));

        var terms = ComputeTerms.Read(policy);

        Assert.Equal(new PrivacyBudgetLimit(2.5, 0.00001, TimeSpan.FromDays(30)), terms.Budget);
        Assert.Equal(["dp-statistic"], terms.ConsumerReleases!);
        Assert.Equal(["sha256:01", "sha256:02"], terms.ModelDigests!.Order(StringComparer.Ordinal));
        Assert.Equal(PolicyDecision.Permit, Decide(policy, Job(new ComputeUse { Component = ComputeComponents.DpQuery, ConsumerReleases = ["dp-statistic"], Epsilon = 2.5m, ModelDigest = "sha256:01" })));
        Assert.Equal(PolicyDecision.Deny, Decide(policy, Job(new ComputeUse { Component = ComputeComponents.DpQuery, ConsumerReleases = ["dp-statistic"], Epsilon = 2.6m, ModelDigest = "sha256:01" })));
    }
}

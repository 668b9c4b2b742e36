using Dataspace.Policies.Evaluation;
using Dataspace.Policies.Model;
using Dataspace.Policies.Vocabulary;
using static Dataspace.Policies.Tests.TestData;

namespace Dataspace.Policies.Tests;

public sealed class ActionAndCollectionTests
{
    [Theory]
    [InlineData(Odrl.Use, Odrl.Read, PolicyDecision.Permit)]
    [InlineData(Odrl.Use, Odrl.Distribute, PolicyDecision.Permit)]
    [InlineData(Odrl.Use, "http://www.w3.org/ns/odrl/2/print", PolicyDecision.Permit)]
    [InlineData(Odrl.Use, "read", PolicyDecision.Permit)]
    [InlineData(Odrl.Use, "odrl:aggregate", PolicyDecision.Permit)]
    [InlineData(Odrl.Use, "http://www.w3.org/ns/odrl/2/sell", PolicyDecision.NotApplicable)]
    [InlineData(Odrl.Read, Odrl.Use, PolicyDecision.NotApplicable)]
    [InlineData(Odrl.Read, "http://www.w3.org/ns/odrl/2/textToSpeech", PolicyDecision.Permit)]
    [InlineData(Odrl.Transfer, "http://www.w3.org/ns/odrl/2/give", PolicyDecision.Permit)]
    [InlineData(Odrl.Aggregate, Odrl.Read, PolicyDecision.NotApplicable)]
    public void Permission_CoversIncludedActionsOnly(string permitted, string requested, PolicyDecision expected) =>
        Assert.Equal(expected, Decide(Policy([Permission(permitted)]), Request(requested)));

    [Theory]
    [InlineData(Odrl.Read, Odrl.Read, PolicyDecision.Deny)]
    [InlineData(Odrl.Read, Odrl.Use, PolicyDecision.Deny)]
    [InlineData(Odrl.Read, "http://www.w3.org/ns/odrl/2/textToSpeech", PolicyDecision.Deny)]
    [InlineData(Odrl.Read, Odrl.Distribute, PolicyDecision.Permit)]
    public void Prohibition_StopsIncludedAndIncludingActions(string prohibited, string requested, PolicyDecision expected) =>
        Assert.Equal(expected, Decide(Policy([Permission(Odrl.Use)], [Prohibition(prohibited)], conflict: ConflictStrategy.Prohibit), Request(requested)));

    [Fact]
    public void ActionRefinement_MustBeSatisfied()
    {
        var permission = Permission(Odrl.Use) with
        {
            Action = new OdrlAction(Odrl.Distribute) { Refinements = [Constraint(Odrl.Spatial, ConstraintOperator.IsPartOf, Iri("EEA"))] },
        };
        var compiled = Compile(Policy([permission]));

        Assert.Equal(PolicyDecision.Permit, compiled.Decide(Request(Odrl.Distribute, location: "NO")));
        var denied = compiled.Evaluate(Request(Odrl.Distribute, location: "US"));
        Assert.Equal(PolicyDecision.Deny, denied.Decision);
        Assert.Equal("$.permission[0].action.refinement[0]", Assert.Single(Assert.Single(denied.Report.Rules).Constraints).Path);
    }

    [Fact]
    public void AssetCollection_MatchesItsMembers()
    {
        var policy = Policy([Permission(Odrl.Use)]) with { Target = new OdrlAsset("urn:collection:weather") { IsCollection = true } };
        var compiled = Compile(policy);

        Assert.Equal(PolicyDecision.Permit, compiled.Decide(Request() with { TargetCollections = ["urn:collection:weather"] }));
        Assert.Equal(PolicyDecision.NotApplicable, compiled.Decide(Request()));
    }

    [Fact]
    public void RuleTarget_OverridesPolicyTarget()
    {
        var policy = Policy([Permission(Odrl.Use) with { Target = new OdrlAsset("urn:asset:other") }]);

        var evaluation = Compile(policy).Evaluate(Request());

        Assert.Equal(PolicyDecision.NotApplicable, evaluation.Decision);
        Assert.Contains("urn:asset:other", Assert.Single(evaluation.Report.Rules).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void PartyCollection_MatchesMembersByVerifiedMembership()
    {
        var policy = Policy([Permission(Odrl.Use)]) with { Assignee = new OdrlParty("urn:dataspace:members") { IsCollection = true } };
        var compiled = Compile(policy);

        Assert.Equal(PolicyDecision.Permit, compiled.Decide(Request() with { Party = new RequestingParty(Consumer) { Collections = ["urn:dataspace:members"] } }));
        Assert.Equal(PolicyDecision.NotApplicable, compiled.Decide(Request()));
    }

    [Fact]
    public void PartyCollection_DefinedByRefinement_MatchesPartiesWhoseClaimsSatisfyIt()
    {
        var members = new OdrlParty("urn:dataspace:gold-members")
        {
            IsCollection = true,
            Refinements = [Constraint("claim:MembershipCredential.level", ConstraintOperator.Eq, Text("gold"))],
        };
        var compiled = Compile(Policy([Permission(Odrl.Use) with { Assignee = members }]));

        Assert.Equal(PolicyDecision.Permit, compiled.Decide(Request(claims: """{"MembershipCredential":{"level":"gold"}}""")));
        Assert.Equal(PolicyDecision.NotApplicable, compiled.Decide(Request(claims: """{"MembershipCredential":{"level":"silver"}}""")));
        var report = Assert.Single(compiled.Evaluate(Request(claims: """{"MembershipCredential":{"level":"silver"}}""")).Report.Rules);
        var refinement = Assert.Single(report.Constraints);
        Assert.Equal("$.permission[0].assignee.refinement[0]", refinement.Path);
        Assert.Equal("silver", refinement.Observed);
    }

    [Fact]
    public void Assignee_OtherParty_IsNotApplicable()
    {
        var policy = Policy([Permission(Odrl.Use)]) with { Assignee = new OdrlParty("did:web:someone-else.example") };

        Assert.Equal(PolicyDecision.NotApplicable, Decide(policy, Request()));
    }

    [Fact]
    public void Assignee_SameParty_Permits()
    {
        var policy = Policy([Permission(Odrl.Use)]) with { Assignee = new OdrlParty(Consumer) };

        Assert.Equal(PolicyDecision.Permit, Decide(policy, Request()));
    }

    [Fact]
    public void ProfileAction_CanBeRegistered()
    {
        const string Compute = "https://w3id.org/dataspace-connector/policy/compute";
        var options = new PolicyEngineOptions { Actions = ActionHierarchy.Odrl.With(Compute, Odrl.Use) };

        Assert.Equal(PolicyDecision.Permit, Decide(Policy([Permission(Odrl.Use)]), Request(Compute), options));
        Assert.True(ActionHierarchy.Odrl.Includes(Odrl.Use, Odrl.Read));
        Assert.False(ActionHierarchy.Odrl.Includes(Odrl.Read, Odrl.Use));
        Assert.False(ActionHierarchy.Odrl.IsKnown(Compute));
    }
}

using Dataspace.Policies.Evaluation;
using Dataspace.Policies.Model;
using Dataspace.Policies.Vocabulary;
using static Dataspace.Policies.Tests.TestData;

namespace Dataspace.Policies.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Evaluate_PurposeResearch_PermitsAcademicResearchAndDeniesMarketing()
    {
        var policy = UsePolicy(Constraint(Odrl.Purpose, ConstraintOperator.IsA, Iri("Research")));
        Assert.Equal(PolicyDecision.Permit, Decide(policy, Request(purpose: "AcademicResearch")));
        Assert.Equal(PolicyDecision.Deny, Decide(policy, Request(purpose: "Marketing")));
    }
}

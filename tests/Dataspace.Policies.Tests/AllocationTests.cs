using Dataspace.Policies.Evaluation;
using Dataspace.Policies.Model;
using Dataspace.Policies.Vocabulary;
using static Dataspace.Policies.Tests.TestData;

namespace Dataspace.Policies.Tests;

public sealed class AllocationTests
{
    [Fact]
    public void Decide_WithBuiltInOperands_AllocatesNothing()
    {
        var policy = Policy(
            [
                Permission(Odrl.Use,
                    Constraint(Odrl.Purpose, ConstraintOperator.IsA, Iri("Research")),
                    Logical(LogicalOperator.Or,
                        Constraint(Odrl.Spatial, ConstraintOperator.IsPartOf, Iri("EU")),
                        Constraint(Odrl.Spatial, ConstraintOperator.IsAnyOf, Set(Iri("GB"), Iri("CH")))),
                    Constraint(Odrl.Count, ConstraintOperator.Lteq, Number(100)),
                    Constraint(Odrl.DateTime, ConstraintOperator.Lt, Date("2027-01-01T00:00:00Z"))),
            ],
            [Prohibition(Odrl.Namespace + "sell")]) with { Assignee = new OdrlParty("urn:members") { IsCollection = true } };
        var compiled = Compile(policy);
        var request = Request(purpose: "MedicalResearch", location: "CN-GD", usageCount: 5) with
        {
            Party = new RequestingParty(Consumer) { Collections = ["urn:other", "urn:members"] },
        };
        Assert.Equal(PolicyDecision.Deny, compiled.Decide(request));
        var permitted = request with { Location = "FR" };
        for (var i = 0; i < 1000; i++)
        {
            compiled.Decide(request);
            compiled.Decide(permitted);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            compiled.Decide(request);
            compiled.Decide(permitted);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(PolicyDecision.Permit, compiled.Decide(permitted));
    }
}

using System.Text.Json.Nodes;
using Dataspace.Policies.Compilation;
using Dataspace.Policies.Evaluation;
using Dataspace.Policies.Model;
using Dataspace.Policies.Parsing;
using Dataspace.Policies.Vocabulary;
using Dataspace.Testing;
using static Dataspace.Policies.Tests.TestData;

namespace Dataspace.Policies.Tests;

public sealed class PolicyParserTests
{
    private const string OdrlContext = "\"@context\": \"http://www.w3.org/ns/odrl.jsonld\"";
    private const string DspContext = "\"@context\": [\"https://w3id.org/dspace/2025/1/context.jsonld\", \"https://w3id.org/dspace/2025/1/odrl-profile.jsonld\"]";

    private static Task<OdrlPolicy> Read(string json) =>
        new PolicyDocumentReader().ReadAsync(JsonNode.Parse(json)!, CancellationToken.None);

    private static async Task<PolicyValidationException> Invalid(string json) =>
        await Assert.ThrowsAsync<PolicyValidationException>(() => Read(json));

    [Fact]
    public async Task Compacted_WithOdrlContext_ParsesTheFullModel()
    {
        var policy = await Read($$"""
            {
              {{OdrlContext}},
              "@type": "Agreement",
              "uid": "urn:policy:1",
              "conflict": "perm",
              "profile": "https://w3id.org/dataspace-connector/policy/",
              "assigner": "did:web:provider.example",
              "assignee": { "@type": "PartyCollection", "source": "urn:dataspace:members" },
              "target": { "@type": "AssetCollection", "uid": "urn:collection:weather" },
              "permission": [{
                "action": [{ "rdf:value": { "@id": "odrl:distribute" }, "refinement": [{ "leftOperand": "spatial", "operator": "isPartOf", "rightOperand": "EU" }] }],
                "constraint": [{
                  "or": [
                    { "leftOperand": "purpose", "operator": "isA", "rightOperand": { "@id": "https://w3id.org/dataspace-connector/policy/purpose/Research" } },
                    { "leftOperand": "dateTime", "operator": "lt", "rightOperand": { "@value": "2027-01-01T00:00:00Z", "@type": "xsd:dateTime" } }
                  ]
                }],
                "duty": [{
                  "uid": "urn:duty:pay",
                  "action": [{ "rdf:value": { "@id": "odrl:compensate" }, "refinement": [{ "leftOperand": "payAmount", "operator": "eq", "rightOperand": { "@value": "5.00", "@type": "xsd:decimal" }, "unit": "EUR" }] }],
                  "consequence": [{ "action": "inform" }]
                }]
              }],
              "prohibition": [{ "action": "sell", "remedy": [{ "action": "delete" }] }],
              "obligation": [{ "action": "delete", "constraint": [{ "leftOperand": "elapsedTime", "operator": "lteq", "rightOperand": { "@value": "P30D", "@type": "xsd:duration" } }] }]
            }
            """);

        Assert.Equal("urn:policy:1", policy.Uid);
        Assert.Equal(PolicyType.Agreement, policy.Type);
        Assert.Equal(ConflictStrategy.Perm, policy.Conflict);
        Assert.Equal(Provider, policy.Assigner!.Uid);
        Assert.False(policy.Assigner.IsCollection);
        Assert.True(policy.Assignee!.IsCollection);
        Assert.Equal("urn:dataspace:members", policy.Assignee.Uid);
        Assert.True(policy.Target!.IsCollection);
        var permission = Assert.Single(policy.Permissions);
        Assert.Equal(Odrl.Distribute, permission.Action.Iri);
        var refinement = Assert.IsType<AtomicConstraint>(Assert.Single(permission.Action.Refinements));
        Assert.Equal(Odrl.Spatial, refinement.LeftOperand);
        var or = Assert.IsType<LogicalConstraint>(Assert.Single(permission.Constraints));
        Assert.Equal(LogicalOperator.Or, or.Operator);
        Assert.Equal(PolicyValueKind.DateTime, Assert.IsType<AtomicConstraint>(or.Constraints[1]).RightOperand.Kind);
        var duty = Assert.Single(permission.Duties);
        Assert.Equal("urn:duty:pay", duty.Uid);
        var pay = Assert.IsType<AtomicConstraint>(Assert.Single(duty.Action.Refinements));
        Assert.Equal(5.00m, pay.RightOperand.Number);
        Assert.Equal("EUR", pay.Unit);
        Assert.Equal("http://www.w3.org/ns/odrl/2/inform", Assert.Single(duty.Consequences).Action.Iri);
        Assert.Equal(Odrl.Delete, Assert.Single(Assert.Single(policy.Prohibitions).Remedies).Action.Iri);
        var obligation = Assert.Single(policy.Obligations);
        Assert.Equal(TimeSpan.FromDays(30), Assert.IsType<AtomicConstraint>(Assert.Single(obligation.Constraints)).RightOperand.AsDuration);
        Assert.Empty(new PolicyEngine().Validate(policy));
    }

    [Fact]
    public async Task TermsPrefixedNamesAndIris_NormaliseToTheSameIris()
    {
        var terms = await Read($$"""{ {{OdrlContext}}, "@type": "Set", "uid": "urn:p", "permission": [{ "action": "read", "constraint": [{ "leftOperand": "purpose", "operator": "eq", "rightOperand": "Research" }] }] }""");
        var prefixed = await Read($$"""{ {{OdrlContext}}, "@type": "Set", "uid": "urn:p", "odrl:permission": [{ "action": "odrl:read", "odrl:constraint": [{ "leftOperand": "odrl:purpose", "operator": "odrl:eq", "rightOperand": "Research" }] }] }""");
        var iris = await Read($$"""{ {{OdrlContext}}, "@type": "Set", "uid": "urn:p", "permission": [{ "action": "http://www.w3.org/ns/odrl/2/read", "constraint": [{ "leftOperand": "http://www.w3.org/ns/odrl/2/purpose", "operator": "http://www.w3.org/ns/odrl/2/eq", "rightOperand": "Research" }] }] }""");
        var dsp = await Read($$"""{ {{DspContext}}, "@type": "Offer", "@id": "urn:p", "permission": [{ "action": "read", "constraint": [{ "leftOperand": "purpose", "operator": "eq", "rightOperand": "Research" }] }] }""");

        foreach (var policy in new[] { terms, prefixed, iris, dsp })
        {
            var permission = Assert.Single(policy.Permissions);
            Assert.Equal(Odrl.Read, permission.Action.Iri);
            var constraint = Assert.IsType<AtomicConstraint>(Assert.Single(permission.Constraints));
            Assert.Equal(Odrl.Purpose, constraint.LeftOperand);
            Assert.Equal(ConstraintOperator.Eq, constraint.Operator);
        }
    }

    [Fact]
    public async Task DspContextAlone_IsReadWithDspsOdrlProfile()
    {
        var policy = await Read("""
            { "@context": ["https://w3id.org/dspace/2025/1/context.jsonld"], "@type": "Agreement", "@id": "urn:a",
              "assigner": "did:web:p", "assignee": "did:web:c", "target": "urn:asset",
              "permission": [{ "action": "use", "constraint": [{ "leftOperand": "purpose", "operator": "eq", "rightOperand": "Research" }] }] }
            """);

        Assert.Equal(PolicyType.Agreement, policy.Type);
        Assert.Equal("did:web:c", policy.Assignee!.Uid);
        var constraint = Assert.IsType<AtomicConstraint>(Assert.Single(Assert.Single(policy.Permissions).Constraints));
        Assert.Equal(Odrl.Purpose, constraint.LeftOperand);
        Assert.Empty(new PolicyEngine().Validate(policy));
    }

    [Fact]
    public async Task Expanded_IsParsedDirectly()
    {
        var expanded = JsonNode.Parse("""
            [{
              "@id": "urn:p",
              "@type": ["http://www.w3.org/ns/odrl/2/Offer"],
              "http://www.w3.org/ns/odrl/2/permission": [{
                "http://www.w3.org/ns/odrl/2/action": [{ "@id": "http://www.w3.org/ns/odrl/2/use" }],
                "http://www.w3.org/ns/odrl/2/constraint": [{
                  "http://www.w3.org/ns/odrl/2/leftOperand": [{ "@id": "http://www.w3.org/ns/odrl/2/count" }],
                  "http://www.w3.org/ns/odrl/2/operator": [{ "@id": "http://www.w3.org/ns/odrl/2/lteq" }],
                  "http://www.w3.org/ns/odrl/2/rightOperand": [{ "@value": 3 }]
                }]
              }]
            }]
            """)!.AsArray();

        var policy = ExpandedPolicyParser.Parse(expanded);
        var viaReader = await new PolicyDocumentReader().ReadAsync(expanded, CancellationToken.None);

        Assert.Equal(PolicyType.Offer, policy.Type);
        Assert.Equal(3m, Assert.IsType<AtomicConstraint>(Assert.Single(Assert.Single(policy.Permissions).Constraints)).RightOperand.Number);
        Assert.Equal(PolicyType.Offer, viaReader.Type);
    }

    [Fact]
    public async Task ParsedPolicy_EvaluatesLikeTheBuiltOne()
    {
        var policy = await Read($$"""
            { {{OdrlContext}}, "@type": "Offer", "uid": "urn:p", "target": "{{Asset}}",
              "permission": [{ "action": "use", "constraint": [
                { "leftOperand": "spatial", "operator": "isAnyOf", "rightOperand": ["EU", "GB"] },
                { "leftOperand": "count", "operator": "lteq", "rightOperand": 3 } ] }] }
            """);

        var compiled = new PolicyEngine().Compile(policy);

        Assert.Equal(PolicyDecision.Permit, compiled.Decide(Request(location: "DE", usageCount: 2)));
        Assert.Equal(PolicyDecision.Deny, compiled.Decide(Request(location: "US", usageCount: 2)));
        Assert.Equal(PolicyDecision.Deny, compiled.Decide(Request(location: "GB", usageCount: 3)));
    }

    [Fact]
    public async Task ExplicitOdrlUid_IsReadForPolicyRulesAndConstraints()
    {
        var policy = await Read("""
            { "@context": { "odrl": "http://www.w3.org/ns/odrl/2/" }, "odrl:uid": "urn:p",
              "odrl:permission": { "odrl:uid": "urn:rule", "odrl:action": { "@id": "odrl:use" },
                "odrl:constraint": { "odrl:uid": "urn:c", "odrl:leftOperand": { "@id": "odrl:count" }, "odrl:operator": { "@id": "odrl:lt" }, "odrl:rightOperand": 2 } } }
            """);

        Assert.Equal("urn:p", policy.Uid);
        var rule = Assert.Single(policy.Permissions);
        Assert.Equal("urn:rule", rule.Uid);
        Assert.Equal("urn:c", Assert.Single(rule.Constraints).Uid);
    }

    [Fact]
    public async Task SeveralActions_BecomeOneRuleEach()
    {
        var policy = await Read($$"""{ {{OdrlContext}}, "uid": "urn:p", "permission": [{ "action": ["read", "print"] }] }""");

        Assert.Equal([Odrl.Read, Odrl.Namespace + "print"], policy.Permissions.Select(p => p.Action.Iri));
    }

    [Theory]
    [InlineData("""{ "action": "use", "constraint": [{ "operator": "eq", "rightOperand": "x" }] }""", "$.permission[0].constraint[0].leftOperand", "no leftOperand")]
    [InlineData("""{ "action": "use", "constraint": [{ "leftOperand": "purpose", "operator": "odrl:similar", "rightOperand": "x" }] }""", "$.permission[0].constraint[0].operator", "not an ODRL operator")]
    [InlineData("""{ "action": "use", "constraint": [{ "leftOperand": "purpose", "operator": "eq" }] }""", "$.permission[0].constraint[0].rightOperand", "no rightOperand")]
    [InlineData("""{ "constraint": [] }""", "$.permission[0].action", "no action")]
    [InlineData("""{ "action": "use", "constraint": [{ "and": [{ "leftOperand": "purpose", "operator": "eq", "rightOperand": "x" }, { "leftOperand": "count", "rightOperand": 1 }] }] }""", "$.permission[0].constraint[0].and[1].operator", "no operator")]
    [InlineData("""{ "action": "use", "constraint": [{ "leftOperand": "dateTime", "operator": "lt", "rightOperand": { "@value": "soon", "@type": "xsd:dateTime" } }] }""", "$.permission[0].constraint[0].rightOperand", "not a valid xsd:dateTime")]
    [InlineData("""{ "action": "use", "constraint": [{ "leftOperand": "count", "operator": "lt", "rightOperandReference": "http://example.org/limit" }] }""", "$.permission[0].constraint[0].rightOperand", "rightOperandReference is not supported")]
    [InlineData("""{ "action": "use", "odrl:failure": { "action": "delete" } }""", "$.permission[0].failure", "never ignored")]
    [InlineData("""{ "action": "use", "target": { "@id": "urn:a", "odrl:partOf": "urn:c" } }""", "$.permission[0].target.partOf", "never ignored")]
    public async Task InvalidPolicy_IsRejectedWithTheJsonPathOfTheProblem(string permission, string path, string message)
    {
        var ex = await Invalid($$"""{ {{OdrlContext}}, "uid": "urn:p", "permission": [{{permission}}] }""");

        var error = Assert.Single(ex.Errors, e => e.Path == path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "action": "use", "constraints": [{ "leftOperand": "count", "operator": "lt", "rightOperand": 3 }] }""", "$.permission[0].constraints")]
    [InlineData("""{ "action": "use", "constraint": [{ "leftOperand": "count", "operator": "lt", "rightOperand": 3, "strict": true }] }""", "$.permission[0].constraint[0].strict")]
    [InlineData("""{ "action": "use", "duties": [{ "action": "compensate" }] }""", "$.permission[0].duties")]
    public async Task TermUndefinedByTheContext_IsRejectedNotDropped(string permission, string path)
    {
        var ex = await Invalid($$"""{ {{OdrlContext}}, "uid": "urn:p", "permission": [{{permission}}] }""");

        var error = Assert.Single(ex.Errors);
        Assert.Equal(path, error.Path);
        Assert.Contains("would drop it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownLeftOperand_ParsesButIsRejectedByTheEngine()
    {
        var policy = await Read($$"""{ {{OdrlContext}}, "uid": "urn:p", "permission": [{ "action": "use", "constraint": [{ "leftOperand": "https://example.org/fleetSize", "operator": "gt", "rightOperand": 3 }] }] }""");

        var error = Assert.Single(new PolicyEngine().Validate(policy));

        Assert.Equal("$.permission[0].constraint[0].leftOperand", error.Path);
    }

    [Fact]
    public async Task UnsupportedType_IsRejected()
    {
        var ex = await Invalid($$"""{ {{OdrlContext}}, "uid": "urn:p", "@type": "Ticket", "permission": [{ "action": "use" }] }""");

        Assert.Equal("$.@type", Assert.Single(ex.Errors).Path);
    }

    [Fact]
    public async Task PolicyWithoutUid_IsAccepted_AsStoredPoliciesAreNamedByTheirStore()
    {
        var policy = await Read($$"""{ {{OdrlContext}}, "@type": "Set", "permission": [{ "action": "use" }] }""");

        Assert.Equal(string.Empty, policy.Uid);
        Assert.Equal(PolicyDecision.NotApplicable, new PolicyEngine().Compile(policy).Decide(Request(Odrl.Namespace + "sell")));
    }

    [Fact]
    public async Task NotJsonLd_IsRejected()
    {
        var ex = await Invalid("""{ "@context": { "@version": 2.5 }, "uid": "urn:p" }""");

        Assert.Equal("$.@context", Assert.Single(ex.Errors).Path);
    }

    public static TheoryData<string> DspExamples => [
        "negotiation/example/contract-request-message.json",
        "negotiation/example/contract-request-message_initial.json",
        "negotiation/example/contract-offer-message.json",
        "negotiation/example/contract-offer-message_initial.json",
        "negotiation/example/contract-agreement-message.json",
        "negotiation/example/contract-agreement-message-full.json",
        "catalog/example/dataset.json",
        "catalog/example/catalog.json",
    ];

    [SharedTheory]
    [MemberData(nameof(DspExamples))]
    public async Task DspExampleMessages_PoliciesParseAndCompile(string file)
    {
        var document = JsonNode.Parse(await File.ReadAllTextAsync(RepositoryPaths.SharedPath("dsp-2025-1", file)))!;
        var expanded = await new Dataspace.JsonLd.JsonLdProcessor().ExpandAsync(document, CancellationToken.None);

        var policies = FindPolicies(expanded).ToList();

        Assert.NotEmpty(policies);
        foreach (var node in policies)
        {
            var policy = ExpandedPolicyParser.Parse(node);
            var errors = new PolicyEngine().Validate(policy);
            // The full agreement example uses a made-up profile (https://test.com/profile) and made-up left operands
            // (odrl:partner, odrl:constraint1): invalid, never silently ignored.
            Assert.All(errors, error => Assert.True(
                (error.Path.EndsWith(".leftOperand", StringComparison.Ordinal) && error.Message.Contains("is not known to the engine", StringComparison.Ordinal))
                || (error.Path == "$.profile[0]" && error.Message.Contains("https://test.com/profile", StringComparison.Ordinal)),
                error.ToString()));
            Assert.Equal(file.EndsWith("-full.json", StringComparison.Ordinal), errors.Count > 0);
        }
    }

    private static IEnumerable<JsonObject> FindPolicies(JsonNode? node)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var policy in array.SelectMany(FindPolicies))
                {
                    yield return policy;
                }

                break;
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    if (name is "https://w3id.org/dspace/2025/1/offer" or "https://w3id.org/dspace/2025/1/agreement" or Odrl.Namespace + "hasPolicy")
                    {
                        foreach (var policy in (value as JsonArray ?? []).OfType<JsonObject>())
                        {
                            yield return policy;
                        }
                    }
                    else
                    {
                        foreach (var policy in FindPolicies(value))
                        {
                            yield return policy;
                        }
                    }
                }

                break;
        }
    }
}

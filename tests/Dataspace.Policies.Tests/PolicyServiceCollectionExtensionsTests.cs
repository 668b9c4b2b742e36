using Dataspace.Policies.Evaluation;
using Dataspace.Policies.Model;
using Dataspace.Policies.Parsing;
using Dataspace.Policies.Templates;
using Dataspace.Policies.Vocabulary;
using Dataspace.Sdk.Policy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using static Dataspace.Policies.Tests.TestData;

namespace Dataspace.Policies.Tests;

public sealed class PolicyServiceCollectionExtensionsTests
{
    private const string Operand = "https://example.org/vocab/alwaysTrue";

    private sealed class AlwaysTrue : IPolicyFunction
    {
        public string LeftOperand => Operand;

        public PolicyScope Scopes => PolicyScope.All;

        public PolicyFunctionResult Evaluate(PolicyFunctionContext context) => PolicyFunctionResult.Satisfied("yes");
    }

    [Fact]
    public void AddPolicyEngine_ResolvesEngineReaderAndLibrary_WithPluginFunctions()
    {
        var services = new ServiceCollection();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPolicyFunction, AlwaysTrue>());
        services.AddPolicyEngine();
        using var provider = services.BuildServiceProvider();

        var engine = provider.GetRequiredService<PolicyEngine>();

        Assert.Contains(Operand, engine.LeftOperands);
        Assert.Same(engine, provider.GetRequiredService<PolicyEngine>());
        Assert.NotNull(provider.GetRequiredService<PolicyDocumentReader>());
        Assert.Same(PolicyTemplateLibrary.BuiltIn, provider.GetRequiredService<PolicyTemplateLibrary>());
        var compiled = engine.Compile(UsePolicy(Constraint(Operand, ConstraintOperator.Eq, PolicyValue.FromBoolean(true))));
        Assert.Equal(PolicyDecision.Permit, compiled.Decide(Request()));
    }

    [Fact]
    public void Denial_IsLoggedWithItsReason()
    {
        var logs = new CapturingLoggerFactory();
        var compiled = new PolicyEngine(loggerFactory: logs).Compile(UsePolicy(Constraint(Odrl.Purpose, ConstraintOperator.IsA, Iri("Research"))));

        compiled.Evaluate(Request(purpose: "Marketing"));

        var message = Assert.Single(logs.Messages, m => m.StartsWith("Information:", StringComparison.Ordinal));
        Assert.Contains("Policy urn:policy:test Deny in scope DataAccess", message, StringComparison.Ordinal);
        Assert.Contains("odrl:purpose is 'Marketing'", message, StringComparison.Ordinal);
    }
}

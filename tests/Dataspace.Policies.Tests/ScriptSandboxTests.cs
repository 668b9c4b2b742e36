using System.Diagnostics;
using Dataspace.Policies.Evaluation;
using Dataspace.Policies.Model;
using Dataspace.Policies.Scripting;
using Dataspace.Policies.Vocabulary;
using static Dataspace.Policies.Tests.TestData;

namespace Dataspace.Policies.Tests;

public sealed class ScriptSandboxTests
{
    private const string Operand = "https://example.org/vocab/fleetSize";

    private static (CompiledPolicy Policy, CapturingLoggerFactory Logs) Build(string source, ScriptSandboxOptions? sandbox = null, decimal right = 10)
    {
        var logs = new CapturingLoggerFactory();
        var options = new PolicyEngineOptions
        {
            Scripts = [new ScriptFunctionDefinition { LeftOperand = Operand, Source = source }],
            // Benign scripts get a generous time limit: a loaded test machine must not turn a pause into a denial.
            Sandbox = sandbox ?? new ScriptSandboxOptions { Timeout = TimeSpan.FromSeconds(5) },
        };
        var policy = new PolicyEngine(options, logs).Compile(UsePolicy(Constraint(Operand, ConstraintOperator.Gteq, Number(right))));
        return (policy, logs);
    }

    private static PolicyRequest Fleet(int size) => Request(claims: $$$"""{"FleetCredential":{"size":{{{size}}}}}""");

    [Fact]
    public void Script_DecidesFromClaimsAndRightOperand()
    {
        var (policy, _) = Build("function evaluate(ctx) { return ctx.party.claims.FleetCredential.size >= ctx.rightOperand; }");

        Assert.Equal(PolicyDecision.Permit, policy.Decide(Fleet(12)));
        Assert.Equal(PolicyDecision.Deny, policy.Decide(Fleet(3)));
        Assert.Equal(PolicyDecision.Permit, policy.Evaluate(Fleet(12)).Decision);
    }

    [Fact]
    public void Script_ResultObject_FillsObservedAndReason()
    {
        var (policy, _) = Build("""
            function evaluate(ctx) {
              var size = ctx.party.claims.FleetCredential.size;
              return { satisfied: size >= ctx.rightOperand, observed: size, reason: 'fleet of ' + size + ' is below ' + ctx.rightOperand };
            }
            """);

        var evaluation = policy.Evaluate(Fleet(3));

        var constraint = Assert.Single(Assert.Single(evaluation.Report.Rules).Constraints);
        Assert.Equal(ConstraintState.NotSatisfied, constraint.State);
        Assert.Equal("3", constraint.Observed);
        Assert.Equal("fleet of 3 is below 10", constraint.Reason);
    }

    [Fact]
    public void Script_Clock_IsTheRequestsTime()
    {
        var (policy, _) = Build("function evaluate(ctx) { return Date.now() === Date.parse(ctx.time) && new Date().getUTCFullYear() === 2031; }");

        Assert.Equal(PolicyDecision.Permit, policy.Decide(Request(time: new DateTimeOffset(2031, 3, 4, 5, 6, 7, TimeSpan.Zero))));
        Assert.Equal(PolicyDecision.Deny, policy.Decide(Request(time: new DateTimeOffset(2030, 3, 4, 5, 6, 7, TimeSpan.Zero))));
    }

    [Fact]
    public void Script_SeesTheRequest()
    {
        var (policy, _) = Build("""
            function evaluate(ctx) {
              return ctx.action === 'http://www.w3.org/ns/odrl/2/use' && ctx.target === 'urn:asset:weather' && ctx.purpose === 'Research'
                && ctx.location === 'DE' && ctx.recipient === 'did:web:r' && ctx.industry === 'finance' && ctx.event === 'urn:e'
                && ctx.usageCount === 2 && ctx.scope === 'DataAccess' && ctx.operator === 'gteq' && ctx.rightOperand === 10
                && ctx.party.id === 'did:web:consumer.example';
            }
            """);

        var request = Request(purpose: "Research", location: "DE", usageCount: 2) with { Recipient = "did:web:r", Industry = "finance", Event = "urn:e" };

        Assert.Equal(PolicyDecision.Permit, policy.Decide(request));
        Assert.Equal(PolicyDecision.Deny, policy.Decide(request with { Event = "urn:other" }));
    }

    [Fact]
    public void Script_StateDoesNotSurviveACall()
    {
        var (policy, _) = Build("""
            var calls = 0;
            function evaluate(ctx) {
              calls++;
              Object.prototype.polluted = true;
              return calls <= 1 && ({}).polluted === undefined;
            }
            """);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(PolicyDecision.Permit, policy.Decide(Fleet(1)));
        }
    }

    public static TheoryData<string, string> Hostile => new()
    {
        { "infinite loop", "function evaluate(ctx) { while (true) { } }" },
        { "memory bomb", "function evaluate(ctx) { var s = 'xxxxxxxxxxxxxxxx'; var keep = []; while (true) { s = s + s; keep.push(s + '!'); } }" },
        { "array bomb", "function evaluate(ctx) { var a = []; while (true) { a.push(new Array(5000).fill(a.length)); } }" },
        { "deep recursion", "function evaluate(ctx) { function f(n) { return f(n + 1) + 1; } return f(0); }" },
        { "CLR namespace", "function evaluate(ctx) { return System.IO.File.Exists('/etc/passwd'); }" },
        { "importNamespace", "function evaluate(ctx) { var io = importNamespace('System.IO'); return io.File.Exists('/etc/passwd'); }" },
        { "eval", "function evaluate(ctx) { return eval('true'); }" },
        { "Function constructor", "function evaluate(ctx) { return new Function('return true')(); }" },
        { "constructor escape", "function evaluate(ctx) { return (function () {}).constructor('return true')(); }" },
        { "Math.random", "function evaluate(ctx) { return Math.random() >= 0; }" },
        { "throws", "function evaluate(ctx) { throw new Error('boom'); }" },
        { "catastrophic regex", "function evaluate(ctx) { return /^(a+)+$/.test('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!'); }" },
        { "huge string in one call", "function evaluate(ctx) { return 'xxxxxxxx'.repeat(100000000).length > 0; }" },
        { "huge array in one call", "function evaluate(ctx) { return new Array(50000000).fill(1).length > 0; }" },
        { "prototype escape", "function evaluate(ctx) { return ctx.constructor.constructor('return process')() !== undefined; }" },
        { "wrong result type", "function evaluate(ctx) { return 'yes'; }" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void HostileScript_EndsInDenialWithLoggedReason_WithinItsLimits(string name, string source)
    {
        var sandbox = new ScriptSandboxOptions { Timeout = TimeSpan.FromMilliseconds(200), MaxStatements = 2_000_000, MemoryLimitBytes = 16 * 1024 * 1024 };
        var (policy, logs) = Build(source, sandbox);

        var watch = Stopwatch.StartNew();
        var evaluation = policy.Evaluate(Fleet(100));
        watch.Stop();

        Assert.Equal(PolicyDecision.Deny, evaluation.Decision);
        var constraint = Assert.Single(Assert.Single(evaluation.Report.Rules).Constraints);
        Assert.True(constraint.State is ConstraintState.Error or ConstraintState.NotSatisfied, $"{name}: {constraint.State}");
        Assert.Contains("script", evaluation.Reason, StringComparison.Ordinal);
        if (constraint.State == ConstraintState.Error)
        {
            Assert.Contains(logs.Messages, m => m.StartsWith("Warning: Policy script for " + Operand, StringComparison.Ordinal));
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"{name} took {watch.Elapsed}");
        Assert.Equal(PolicyDecision.Deny, policy.Decide(Fleet(100)));
    }

    public static TheoryData<string, string> HugeInOneStep => new()
    {
        { "repeat 1e9", "function evaluate(ctx) { return 'x'.repeat(1e9).length > 0; }" },
        { "repeat 8e8 chars", "function evaluate(ctx) { return 'xxxxxxxx'.repeat(100000000).length > 0; }" },
        { "padStart", "function evaluate(ctx) { return 'x'.padStart(400000000, 'ab').length > 0; }" },
        { "padEnd", "function evaluate(ctx) { return 'x'.padEnd(400000000).length > 0; }" },
        { "array 1e8 filled", "function evaluate(ctx) { return new Array(1e8).fill(0).length > 0; }" },
        { "array length set", "function evaluate(ctx) { var a = []; a.length = 1e8; return a.fill(0).length > 0; }" },
        { "join", "function evaluate(ctx) { var s = 'x'.repeat(100000); return new Array(100000).fill(s).join('').length > 0; }" },
        { "replaceAll", "function evaluate(ctx) { var s = 'x'.repeat(100000); return s.replaceAll('x', s).length > 0; }" },
        { "replace with global regex", "function evaluate(ctx) { var s = 'x'.repeat(100000); return s.replace(/x/g, s).length > 0; }" },
        { "JSON.stringify", "function evaluate(ctx) { var s = 'x'.repeat(100000); return JSON.stringify(new Array(100000).fill(s)).length > 0; }" },
        { "doubling in one statement", "function evaluate(ctx) { var s = 'xxxxxxxxxxxxxxxx'; return (s+=s,s+=s,s+=s,s+=s,s+=s,s+=s,s+=s,s+=s,s+=s,s+=s,s+=s,s+=s,s+=s,s+=s,s+=s,s+=s,s+=s,s+=s,s+=s,s+=s,s+=s,s+=s,s+=s,s+=s,s+=s,s+=s, s.indexOf('y')) < 0; }" },
        { "concat", "function evaluate(ctx) { var s = 'x'.repeat(100000); var parts = new Array(50000).fill(s); return s.concat.apply(s, parts).length > 0; }" },
        { "compound doubling in one statement", "function evaluate(ctx) { var o = { s: 'xxxxxxxxxxxxxxxx' }; return (o.s+=o.s,o.s+=o.s,o.s+=o.s,o.s+=o.s,o.s+=o.s,o.s+=o.s,o.s+=o.s,o.s+=o.s,o.s+=o.s,o.s+=o.s,o.s+=o.s,o.s+=o.s,o.s+=o.s,o.s+=o.s,o.s+=o.s,o.s+=o.s,o.s+=o.s,o.s+=o.s,o.s+=o.s,o.s+=o.s,o.s+=o.s,o.s+=o.s,o.s+=o.s,o.s+=o.s,o.s+=o.s,o.s+=o.s, o.s.indexOf('y')) < 0; }" },
        { "padEnd doubling in one statement", "function evaluate(ctx) { var s = 'xxxxxxxxxxxxxxxx'; return (s=s.padEnd(s.length*2),s=s.padEnd(s.length*2),s=s.padEnd(s.length*2),s=s.padEnd(s.length*2),s=s.padEnd(s.length*2),s=s.padEnd(s.length*2),s=s.padEnd(s.length*2),s=s.padEnd(s.length*2),s=s.padEnd(s.length*2),s=s.padEnd(s.length*2),s=s.padEnd(s.length*2),s=s.padEnd(s.length*2),s=s.padEnd(s.length*2),s=s.padEnd(s.length*2),s=s.padEnd(s.length*2),s=s.padEnd(s.length*2),s=s.padEnd(s.length*2),s=s.padEnd(s.length*2),s=s.padEnd(s.length*2),s=s.padEnd(s.length*2),s=s.padEnd(s.length*2),s=s.padEnd(s.length*2),s=s.padEnd(s.length*2),s=s.padEnd(s.length*2),s=s.padEnd(s.length*2), s.length) < 0; }" },
        { "array doubling in one expression", "function evaluate(ctx) { var a = [1]; [0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0].forEach(function () { a = a.concat(a); }); return a.length < 0; }" },
        { "ArrayBuffer", "function evaluate(ctx) { return new ArrayBuffer(1e9).byteLength > 0; }" },
        { "typed array", "function evaluate(ctx) { return new Float64Array(1e8).length > 0; }" },
    };

    [Fact]
    public void CompoundAddition_OnVariablesAndPlainProperties_StillWorks()
    {
        var (policy, _) = Build("""
            function evaluate(ctx) {
              var total = 0, text = '', o = { n: 1 }, a = [1, 2], i = 1;
              for (var k = 0; k < 3; k++) { total += ctx.party.claims.FleetCredential.size; text += 'ab'; }
              o.n += 2; a[i] += 5; a[0] += a[1] += 1; o['n'] += 1;
              return total === 3 * ctx.party.claims.FleetCredential.size && text === 'ababab' && o.n === 4 && a[1] === 8 && a[0] === 9;
            }
            """);

        Assert.Equal(PolicyDecision.Permit, policy.Decide(Fleet(12)));
    }

    [Fact]
    public void CompoundAddition_OnATargetWithSideEffects_IsRefusedWhenLoaded()
    {
        var error = Assert.Throws<ArgumentException>(() => Build("function evaluate(ctx) { var a = [0]; function f() { return a; } f()[0] += 1; return true; }"));

        Assert.Contains("'+=' on 'f()[0]'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(HugeInOneStep))]
    public void HugeStringOrArrayInOneStep_IsStoppedBeforeItAllocatesHundredsOfMegabytes(string name, string source)
    {
        var (policy, logs) = Build(source, new ScriptSandboxOptions { Timeout = TimeSpan.FromSeconds(10), MaxStatements = 1_000_000 });

        var before = GC.GetAllocatedBytesForCurrentThread();
        var evaluation = policy.Evaluate(Fleet(100));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(PolicyDecision.Deny, evaluation.Decision);
        Assert.Contains("script", evaluation.Reason, StringComparison.Ordinal);
        Assert.Contains(logs.Messages, m => m.StartsWith("Warning: Policy script for " + Operand, StringComparison.Ordinal));
        Assert.True(allocated < 64L * 1024 * 1024, $"{name} allocated {allocated / (1024 * 1024)} MB before it was stopped");
    }

    [Theory]
    [InlineData("function evaluate(ctx) { while (true) { } }", "time limit")]
    [InlineData("function evaluate(ctx) { var i = 0; while (true) { i++; } }", "statements")]
    [InlineData("function evaluate(ctx) { function f(n) { return f(n + 1) + 1; } return f(0); }", "recursed")]
    [InlineData("function evaluate(ctx) { var s = 'xxxxxxxxxxxxxxxx'; var keep = []; while (true) { s = s + s; keep.push(s + '!'); } }", "memory")]
    [InlineData("function evaluate(ctx) { return System.IO.File.Exists('/etc/passwd'); }", "System is not defined")]
    [InlineData("function evaluate(ctx) { return /^(a+)+$/.test('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!'); }", "regular expression ran past its time limit")]
    [InlineData("function evaluate(ctx) { return eval('true'); }", "threw")]
    public void HostileScript_ReasonNamesTheLimit(string source, string expected)
    {
        var sandbox = expected.EndsWith("time limit", StringComparison.Ordinal)
            ? new ScriptSandboxOptions { Timeout = TimeSpan.FromMilliseconds(50), MaxStatements = int.MaxValue }
            : new ScriptSandboxOptions { Timeout = TimeSpan.FromSeconds(10), MaxStatements = expected == "statements" ? 10_000 : 50_000_000 };
        var (policy, logs) = Build(source, sandbox);

        var evaluation = policy.Evaluate(Fleet(1));

        Assert.Contains(expected, evaluation.Reason, StringComparison.Ordinal);
        Assert.Contains(logs.Messages, m => m.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Script_HasNoClrAccess()
    {
        var (policy, _) = Build("""
            function evaluate(ctx) {
              return typeof System === 'undefined' && typeof importNamespace === 'undefined' && typeof clr === 'undefined'
                && typeof require === 'undefined' && typeof host === 'undefined';
            }
            """);

        Assert.Equal(PolicyDecision.Permit, policy.Decide(Fleet(1)));
    }

    [Fact]
    public async Task HostileScript_DoesNotAffectOtherEvaluations()
    {
        var (hostile, _) = Build("function evaluate(ctx) { while (true) { } }", new ScriptSandboxOptions { Timeout = TimeSpan.FromMilliseconds(100), MaxStatements = int.MaxValue });
        var (benign, _) = Build("function evaluate(ctx) { return ctx.party.claims.FleetCredential.size >= ctx.rightOperand; }");

        var attack = Task.Run(() => Enumerable.Range(0, 4).Select(_ => hostile.Decide(Fleet(50))).ToArray());
        var normal = Task.Run(() => Enumerable.Range(0, 2000).Select(i => benign.Decide(Fleet(i % 20))).ToArray());
        var results = await Task.WhenAll(attack, normal);

        Assert.All(results[0], d => Assert.Equal(PolicyDecision.Deny, d));
        Assert.Equal(Enumerable.Range(0, 2000).Select(i => i % 20 >= 10 ? PolicyDecision.Permit : PolicyDecision.Deny), results[1]);
        Assert.Equal(PolicyDecision.Permit, benign.Decide(Fleet(10)));
    }

    [Fact]
    public void Script_CalledConcurrently_GivesConsistentResults()
    {
        var (policy, _) = Build("function evaluate(ctx) { return ctx.party.claims.FleetCredential.size >= ctx.rightOperand; }");
        var results = new PolicyDecision[4000];

        Parallel.For(0, results.Length, i => results[i] = policy.Decide(Fleet(i % 20)));

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(i % 20 >= 10 ? PolicyDecision.Permit : PolicyDecision.Deny, results[i]);
        }
    }

    [Theory]
    [InlineData("function evaluate(ctx) { return true; ")]
    [InlineData("function other(ctx) { return true; }")]
    [InlineData("while (true) { }")]
    public void BrokenScript_IsRejectedWhenTheEngineIsBuilt(string source)
    {
        var options = new PolicyEngineOptions
        {
            Scripts = [new ScriptFunctionDefinition { LeftOperand = Operand, Source = source }],
            Sandbox = new ScriptSandboxOptions { Timeout = TimeSpan.FromMilliseconds(50), MaxStatements = 10_000 },
        };

        var ex = Assert.Throws<ArgumentException>(() => new PolicyEngine(options));

        Assert.Contains(Operand, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScriptOutsideItsScopes_IsDeferred()
    {
        var options = new PolicyEngineOptions
        {
            Scripts = [new ScriptFunctionDefinition { LeftOperand = Operand, Source = "function evaluate(ctx) { return false; }", Scopes = Sdk.Policy.PolicyScope.DataAccess }],
        };
        var policy = new PolicyEngine(options).Compile(UsePolicy(Constraint(Operand, ConstraintOperator.Eq, Number(1))));

        Assert.Equal(PolicyDecision.Permit, policy.Decide(Request(scope: Sdk.Policy.PolicyScope.Catalog)));
        Assert.Equal(PolicyDecision.Deny, policy.Decide(Request(scope: Sdk.Policy.PolicyScope.DataAccess)));
    }
}

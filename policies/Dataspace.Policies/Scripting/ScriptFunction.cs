using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Acornima.Ast;
using Dataspace.Sdk.Policy;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Native.Object;
using Microsoft.Extensions.Logging;

namespace Dataspace.Policies.Scripting;

/// <summary>A JavaScript left-operand function: parsed once, run in pooled, locked-down Jint engines.</summary>
/// <remarks>
/// Jint is an interpreter, not a security boundary, so every engine is built as one: no CLR access, no eval or
/// Function constructor, per-call time, statement, memory, recursion and array limits, frozen built-ins and globals
/// (no state survives a call), no Math.random, and a clock that returns the request's time.
/// An engine that faulted is discarded, never reused.
/// </remarks>
internal sealed partial class ScriptFunction : IPolicyFunction
{
    // Once per process, run the call path (context building, JSON parsing, invocation) so the first real call is not
    // charged for just-in-time compilation against its time limit.
    private static readonly Lazy<bool> Warmup = new(() =>
    {
        using var engine = new Engine(options => options.DisableStringCompilation());
        engine.Execute("function warm(ctx) { return ctx.party.claims.C.v >= ctx.rightOperand && Date.now() > 0; }");
        var context = new PolicyFunctionContext
        {
            Scope = PolicyScope.DataAccess,
            LeftOperand = "urn:warmup",
            Operator = Vocabulary.Odrl.Gteq,
            RightOperand = System.Text.Json.JsonSerializer.SerializeToElement(1, Compilation.PolicyValueJsonContext.Default.Int32),
            PartyId = "urn:warmup",
            Claims = new Dictionary<string, JsonElement> { ["C"] = System.Text.Json.JsonSerializer.SerializeToElement(new Dictionary<string, int> { ["v"] = 2 }, Compilation.PolicyValueJsonContext.Default.DictionaryStringInt32) },
            Action = Vocabulary.Odrl.Use,
            Target = "urn:warmup",
            Time = DateTimeOffset.UnixEpoch,
        };
        return Interpret(engine.Invoke(engine.GetValue("warm"), JsValue.Undefined, [CreateContext(engine, context)])).IsSatisfied;
    });

    private readonly ScriptFunctionDefinition _definition;
    private readonly ScriptSandboxOptions _sandbox;
    private readonly Prepared<Script> _script;
    private readonly ILogger _logger;
    private readonly ConcurrentBag<PooledEngine> _pool = [];

    private ScriptFunction(ScriptFunctionDefinition definition, ScriptSandboxOptions sandbox, Prepared<Script> script, ILogger logger)
    {
        _definition = definition;
        _sandbox = sandbox;
        _script = script;
        _logger = logger;
    }

    public string LeftOperand => _definition.LeftOperand;

    public PolicyScope Scopes => _definition.Scopes;

    /// <summary>Parses and checks a script; the error says what is wrong with it.</summary>
    public static ScriptFunction Create(ScriptFunctionDefinition definition, ScriptSandboxOptions sandbox, ILogger logger)
    {
        Prepared<Script> script;
        try
        {
            script = Engine.PrepareScript(ScriptSizeGuards.MeterCompoundConcatenation(definition.Source, definition.LeftOperand), definition.LeftOperand);
        }
        catch (Exception ex) when (ex is Acornima.ParseErrorException or Jint.Runtime.JavaScriptException or ScriptPreparationException)
        {
            throw new ArgumentException($"The script for left operand '{definition.LeftOperand}' does not parse: {ex.Message}", nameof(definition), ex);
        }

        _ = Warmup.Value;
        var function = new ScriptFunction(definition, sandbox, script, logger);
        var engine = function.CreateEngine();
        function.Return(engine);
        return function;
    }

    public PolicyFunctionResult Evaluate(PolicyFunctionContext context)
    {
        PooledEngine engine;
        try
        {
            engine = _pool.TryTake(out var pooled) ? pooled : CreateEngine();
        }
        catch (ArgumentException ex)
        {
            return Fail(context, ex.Message);
        }

        try
        {
            engine.Clock.Now = context.Time;
            engine.Engine.Constraints.Reset();
            var argument = CreateContext(engine.Engine, context);
            var result = engine.Engine.Invoke(engine.Function, JsValue.Undefined, [argument]);
            var outcome = Interpret(result);
            Return(engine);
            if (outcome.IsError)
            {
                LogScriptFailed(_logger, _definition.LeftOperand, context.PartyId, outcome.Reason!);
            }

            return outcome;
        }
#pragma warning disable CA1031 // Any fault of a hostile or broken script must end in a denial, never escape.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            // The engine may be mid-statement or hold a huge heap: drop it.
            return Fail(context, Describe(ex));
        }
    }

    private PolicyFunctionResult Fail(PolicyFunctionContext context, string reason)
    {
        LogScriptFailed(_logger, _definition.LeftOperand, context.PartyId, reason);
        return PolicyFunctionResult.Error($"script for {_definition.LeftOperand} failed: {reason}");
    }

    private static string Describe(Exception ex) => ex switch
    {
        System.Text.RegularExpressions.RegexMatchTimeoutException => "a regular expression ran past its time limit",
        TimeoutException => "it ran past its time limit",
        _ when ex.InnerException is System.Text.RegularExpressions.RegexMatchTimeoutException => "a regular expression ran past its time limit",
        Jint.Runtime.StatementsCountOverflowException => "it executed more statements than allowed",
        Jint.Runtime.MemoryLimitExceededException => "it allocated more memory than allowed",
        Jint.Runtime.RecursionDepthOverflowException => "it recursed deeper than allowed",
        Jint.Runtime.JavaScriptException js => $"it threw {js.Message}",
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };

    private static PolicyFunctionResult Interpret(JsValue result)
    {
        if (result.IsBoolean())
        {
            return result.AsBoolean() ? PolicyFunctionResult.Satisfied(null) : PolicyFunctionResult.NotSatisfied(null, "the script returned false");
        }

        if (result is ObjectInstance obj && obj.Get("satisfied") is { } satisfied && satisfied.IsBoolean())
        {
            var observed = obj.Get("observed");
            var observedText = observed.IsUndefined() || observed.IsNull() ? null : Text(observed);
            var reason = obj.Get("reason");
            return satisfied.AsBoolean()
                ? PolicyFunctionResult.Satisfied(observedText)
                : PolicyFunctionResult.NotSatisfied(observedText, reason.IsString() ? reason.AsString() : "the script returned satisfied: false");
        }

        return PolicyFunctionResult.Error($"the script returned {Text(result)}; expected a boolean or {{ satisfied, observed, reason }}");
    }

    private static string Text(JsValue value) => value.IsString() ? value.AsString() : value.ToString();

    private static JsObject CreateContext(Engine engine, PolicyFunctionContext context)
    {
        var parser = new JsonParser(engine);
        var party = new JsObject(engine);
        party.Set("id", context.PartyId);
        var claims = new JsObject(engine);
        foreach (var (type, claim) in context.Claims)
        {
            claims.Set(type, parser.Parse(claim.GetRawText()));
        }

        party.Set("claims", claims);
        var ctx = new JsObject(engine);
        ctx.Set("leftOperand", context.LeftOperand);
        ctx.Set("operator", context.Operator.StartsWith(Vocabulary.Odrl.Namespace, StringComparison.Ordinal)
            ? context.Operator[Vocabulary.Odrl.Namespace.Length..] : context.Operator);
        ctx.Set("rightOperand", context.RightOperand.ValueKind == JsonValueKind.Undefined ? JsValue.Undefined : parser.Parse(context.RightOperand.GetRawText()));
        ctx.Set("unit", context.Unit is null ? JsValue.Null : context.Unit);
        ctx.Set("scope", context.Scope.ToString());
        ctx.Set("party", party);
        ctx.Set("action", context.Action);
        ctx.Set("target", context.Target);
        ctx.Set("purpose", context.Purpose is null ? JsValue.Null : context.Purpose);
        ctx.Set("location", context.Location is null ? JsValue.Null : context.Location);
        ctx.Set("recipient", context.Recipient is null ? JsValue.Null : context.Recipient);
        ctx.Set("industry", context.Industry is null ? JsValue.Null : context.Industry);
        ctx.Set("event", context.Event is null ? JsValue.Null : context.Event);
        ctx.Set("usageCount", context.UsageCount);
        ctx.Set("time", context.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        return ctx;
    }

    private PooledEngine CreateEngine()
    {
        var clock = new InjectedTimeSystem();
        var deadline = new CallDeadline { Budget = LoadBudget };
        var engine = new Engine(options =>
        {
            options.Strict = false;
            options.TimeSystem = clock;
            options.Constraint(deadline);
            options.MaxStatements(_sandbox.MaxStatements);
            options.LimitMemory(_sandbox.MemoryLimitBytes);
            options.LimitRecursion(_sandbox.MaxRecursionDepth);
            options.Constraints.MaxArraySize = _sandbox.MaxArraySize;

            // A regular expression runs inside one statement, where the statement-level checks cannot stop it.
            options.Constraints.RegexTimeout = _sandbox.Timeout;
            options.DisableStringCompilation();
        });
        // Before the script's top level runs, so it cannot keep a reference to an unguarded built-in.
        ScriptSizeGuards.Install(engine, _sandbox.MemoryLimitBytes);
        try
        {
            engine.Execute(_script);
        }
        catch (Exception ex) when (ex is Jint.Runtime.JavaScriptException or TimeoutException or Jint.Runtime.MemoryLimitExceededException or Jint.Runtime.StatementsCountOverflowException or Jint.Runtime.RecursionDepthOverflowException)
        {
            throw new ArgumentException($"The script for left operand '{_definition.LeftOperand}' failed while loading: {Describe(ex)}", ex);
        }

        var function = engine.GetValue(_definition.FunctionName);
        if (function is not Jint.Native.Function.Function)
        {
            throw new ArgumentException($"The script for left operand '{_definition.LeftOperand}' does not define a function '{_definition.FunctionName}'.");
        }

        Lockdown(engine);
        deadline.Budget = _sandbox.Timeout;
        return new PooledEngine(engine, clock, function);
    }

    /// <summary>
    /// Freezes every global and built-in (and their prototypes) and replaces Math.random, from C# so that no script
    /// statement runs: no call can leave state for the next, and nothing non-deterministic is reachable.
    /// </summary>
    private static void Lockdown(Engine engine)
    {
        var math = (ObjectInstance)engine.GetValue("Math");
        math.Set("random", new Jint.Runtime.Interop.ClrFunction(engine, "random", static (_, _) =>
            throw new Jint.Runtime.JavaScriptException("Math.random is not available: policy scripts must be deterministic")));
        var freeze = engine.Intrinsics.Object.Get("freeze");
        var global = engine.Global;
        foreach (var key in global.GetOwnPropertyKeys())
        {
            var value = global.Get(key);
            if (value is ObjectInstance obj)
            {
                engine.Invoke(freeze, obj);
                if (obj.Get("prototype") is ObjectInstance prototype)
                {
                    engine.Invoke(freeze, prototype);
                }
            }
        }

        engine.Invoke(freeze, global);
    }

    private void Return(PooledEngine engine)
    {
        if (_pool.Count < _sandbox.MaxPooledEngines)
        {
            _pool.Add(engine);
        }
        else
        {
            engine.Engine.Dispose();
        }
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Policy script for {LeftOperand} failed for party {Party}; the constraint is not satisfied: {Reason}")]
    private static partial void LogScriptFailed(ILogger logger, string leftOperand, string party, string reason);

    // Loading runs the script's top level once per engine; a cold JIT on a busy machine must not make it fail.
    private TimeSpan LoadBudget => TimeSpan.FromTicks(Math.Max(_sandbox.Timeout.Ticks * 10, TimeSpan.TicksPerSecond));

    private sealed record PooledEngine(Engine Engine, InjectedTimeSystem Clock, JsValue Function);
}

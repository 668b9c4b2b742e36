using System.Collections.Frozen;
using Dataspace.Policies.Compilation;
using Dataspace.Policies.Evaluation;
using Dataspace.Policies.Model;
using Dataspace.Policies.Scripting;
using Dataspace.Sdk.Policy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dataspace.Policies;

/// <summary>Validates and compiles ODRL policies; the compiled policies evaluate requests.</summary>
/// <remarks>Thread-safe. Build one per configuration and cache compiled policies.</remarks>
public sealed class PolicyEngine
{
    private readonly FrozenDictionary<string, LeftOperand> _builtIns;
    private readonly FrozenDictionary<string, IPolicyFunction> _functions;
    private readonly ILogger _evaluationLogger;

    /// <summary>Creates an engine; fails if two functions or scripts claim one left operand, or a script does not load.</summary>
    public PolicyEngine(PolicyEngineOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        Options = options ?? new PolicyEngineOptions();
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<PolicyEngine>();
        _evaluationLogger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<CompiledPolicy>();
        _builtIns = LeftOperand.BuiltIns(Options.Purposes, Options.Regions, Options.Industries)
            .ToFrozenDictionary(operand => operand.Iri, StringComparer.Ordinal);
        var functions = new Dictionary<string, IPolicyFunction>(StringComparer.Ordinal);
        foreach (var function in Options.Functions.Concat(Options.Scripts.Select(script => (IPolicyFunction)ScriptFunction.Create(script, Options.Sandbox, logger))))
        {
            if (_builtIns.ContainsKey(function.LeftOperand) || !functions.TryAdd(function.LeftOperand, function))
            {
                throw new ArgumentException($"Left operand '{function.LeftOperand}' is provided twice (built in, by a function or by a script); each left operand has one evaluator.", nameof(options));
            }
        }

        _functions = functions.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The engine's configuration.</summary>
    public PolicyEngineOptions Options { get; }

    /// <summary>Every left operand IRI the engine can evaluate, apart from <c>claim:</c> operands.</summary>
    public IEnumerable<string> LeftOperands => _builtIns.Keys.Concat(_functions.Keys);

    /// <summary>Validates and compiles a policy, or throws <see cref="PolicyValidationException"/> listing every problem with its JSON path.</summary>
    /// <param name="policy">The policy.</param>
    /// <param name="resolve">Finds policies named in inheritFrom; without it, a policy that inherits is invalid.</param>
    public CompiledPolicy Compile(OdrlPolicy policy, Func<string, OdrlPolicy?>? resolve = null)
    {
        var compiler = new PolicyCompiler(this, resolve);
        var compiled = compiler.Compile(policy);
        return compiler.Errors.Count > 0 ? throw new PolicyValidationException(compiler.Errors) : compiled;
    }

    /// <summary>Every problem that makes a policy invalid; empty when it is valid.</summary>
    public IReadOnlyList<PolicyError> Validate(OdrlPolicy policy, Func<string, OdrlPolicy?>? resolve = null)
    {
        var compiler = new PolicyCompiler(this, resolve);
        compiler.Compile(policy);
        return compiler.Errors;
    }

    internal ILogger EvaluationLogger => _evaluationLogger;

    internal LeftOperand? BuiltIn(string iri) => _builtIns.GetValueOrDefault(iri);

    internal IPolicyFunction? Function(string iri) => _functions.GetValueOrDefault(iri);
}

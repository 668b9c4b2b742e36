using System.Text.Json;
using Dataspace.Policies.Evaluation;
using Dataspace.Policies.Model;
using Dataspace.Policies.Vocabulary;
using Dataspace.Sdk.Policy;

namespace Dataspace.Policies.Tests;

/// <summary>Small builders with defaults for policies and requests.</summary>
internal static class TestData
{
    public const string Provider = "did:web:provider.example";
    public const string Consumer = "did:web:consumer.example";
    public const string Asset = "urn:asset:weather";
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static AtomicConstraint Constraint(string leftOperand, ConstraintOperator op, PolicyValue right, string? unit = null) =>
        new() { LeftOperand = leftOperand, Operator = op, RightOperand = right, Unit = unit };

    public static LogicalConstraint Logical(LogicalOperator op, params OdrlConstraint[] operands) =>
        new() { Operator = op, Constraints = operands };

    public static PolicyValue Iri(string value) => PolicyValue.FromIri(value);

    public static PolicyValue Text(string value) => PolicyValue.FromString(value);

    public static PolicyValue Number(decimal value) => PolicyValue.FromNumber(value);

    public static PolicyValue Date(string value) => PolicyValue.FromDateTime(DateTimeOffset.Parse(value, System.Globalization.CultureInfo.InvariantCulture));

    public static PolicyValue Duration(string value) => PolicyValue.TryParseDuration(value, out var d) ? PolicyValue.FromDuration(d) : throw new ArgumentException(value);

    public static PolicyValue Set(params PolicyValue[] values) => PolicyValue.FromSet(values);

    public static OdrlRule Permission(string action = Odrl.Use, params OdrlConstraint[] constraints) =>
        new() { Kind = RuleKind.Permission, Action = new OdrlAction(action), Constraints = constraints };

    public static OdrlRule Prohibition(string action = Odrl.Use, params OdrlConstraint[] constraints) =>
        new() { Kind = RuleKind.Prohibition, Action = new OdrlAction(action), Constraints = constraints };

    public static OdrlRule Duty(string action, RuleKind kind = RuleKind.Duty, params OdrlConstraint[] constraints) =>
        new() { Kind = kind, Action = new OdrlAction(action), Constraints = constraints };

    public static OdrlPolicy Policy(
        IReadOnlyList<OdrlRule>? permissions = null,
        IReadOnlyList<OdrlRule>? prohibitions = null,
        IReadOnlyList<OdrlRule>? obligations = null,
        ConflictStrategy conflict = ConflictStrategy.Invalid,
        PolicyType type = PolicyType.Set) =>
        new()
        {
            Uid = "urn:policy:test",
            Type = type,
            Conflict = conflict,
            Target = new OdrlAsset(Asset),
            Assigner = new OdrlParty(Provider),
            Permissions = permissions ?? [],
            Prohibitions = prohibitions ?? [],
            Obligations = obligations ?? [],
        };

    /// <summary>A permission to use the asset under the given constraints.</summary>
    public static OdrlPolicy UsePolicy(params OdrlConstraint[] constraints) => Policy([Permission(Odrl.Use, constraints)]);

    public static PolicyRequest Request(
        string action = Odrl.Use,
        PolicyScope scope = PolicyScope.DataAccess,
        string? purpose = null,
        string? location = null,
        long usageCount = 0,
        string? claims = null,
        DateTimeOffset? time = null) =>
        new()
        {
            Scope = scope,
            Party = new RequestingParty(Consumer)
            {
                Claims = claims is null
                    ? new Dictionary<string, JsonElement>()
                    : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(claims)!,
            },
            Action = action,
            Target = Asset,
            Time = time ?? Now,
            Purpose = purpose,
            Location = location,
            UsageCount = usageCount,
            AgreementStart = Now.AddDays(-10),
        };

    public static CompiledPolicy Compile(OdrlPolicy policy, PolicyEngineOptions? options = null) => new PolicyEngine(options).Compile(policy);

    public static PolicyDecision Decide(OdrlPolicy policy, PolicyRequest request, PolicyEngineOptions? options = null)
    {
        var compiled = Compile(policy, options);
        var decision = compiled.Decide(request);
        var evaluation = compiled.Evaluate(request);
        // The fast path and the explained path must always agree.
        Assert.Equal(decision, evaluation.Decision);
        return decision;
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Dataspace.Policies;
using Dataspace.Policies.Evaluation;
using Dataspace.Policies.Model;
using Dataspace.Policies.Scripting;
using Dataspace.Policies.Vocabulary;
using Dataspace.Sdk.Policy;

// Policy evaluation throughput, single thread, one run: the compiled path and the JavaScript path, and their ratio.
// Usage: dotnet run -c Release --project benchmarks/Dataspace.Benchmarks.Policies [-- seconds-per-measurement]
var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 2.0;
const string Asset = "urn:asset:weather";
const string FleetSize = "https://example.org/vocab/fleetSize";

var compiledPolicy = Policy(
    Constraint(Odrl.Purpose, ConstraintOperator.IsA, PolicyValue.FromIri("Research")),
    Constraint(Odrl.Spatial, ConstraintOperator.IsPartOf, PolicyValue.FromIri("EU")),
    Constraint(Odrl.Count, ConstraintOperator.Lteq, PolicyValue.FromNumber(1000)));
var scriptPolicy = Policy(Constraint(FleetSize, ConstraintOperator.Gteq, PolicyValue.FromNumber(10)));

var engine = new PolicyEngine(new PolicyEngineOptions
{
    Scripts =
    [
        new ScriptFunctionDefinition
        {
            LeftOperand = FleetSize,
            Source = "function evaluate(ctx) { return ctx.party.claims.FleetCredential.size >= ctx.rightOperand; }",
        },
    ],
});
var compiled = engine.Compile(compiledPolicy);
var scripted = engine.Compile(scriptPolicy);
var request = new PolicyRequest
{
    Scope = PolicyScope.DataAccess,
    Party = new RequestingParty("did:web:consumer.example")
    {
        Claims = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>("""{"FleetCredential":{"size":12}}""")!,
    },
    Action = Odrl.Read,
    Target = Asset,
    Time = new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero),
    Purpose = "MedicalResearch",
    Location = "DE",
    UsageCount = 5,
};

if (compiled.Decide(request) != PolicyDecision.Permit || scripted.Decide(request) != PolicyDecision.Permit
    || compiled.Evaluate(request).Decision != PolicyDecision.Permit)
{
    Console.Error.WriteLine("The benchmark policies must permit the benchmark request.");
    return 1;
}

Console.WriteLine($"Policy evaluation, one thread, {seconds:0.#} s per measurement ({Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription})");
var compiledRate = Measure("compiled 3-constraint policy (decision)", () => compiled.Decide(request));
Measure("compiled 3-constraint policy (decision + compliance report)", () => compiled.Evaluate(request).Decision);
var scriptRate = Measure("policy with 1 JavaScript function (decision)", () => scripted.Decide(request));
Console.WriteLine($"ratio JavaScript / compiled: {scriptRate / compiledRate:0.0000} (compiled is {compiledRate / scriptRate:0.0}x faster)");
Console.WriteLine($"targets: compiled >= 1,000,000/s {(compiledRate >= 1_000_000 ? "met" : "NOT met")}; JavaScript >= 50,000/s {(scriptRate >= 50_000 ? "met" : "NOT met")}");
return 0;

double Measure(string name, Func<PolicyDecision> evaluate)
{
    // Warm up (tiered JIT, engine pool), then count whole batches for the measurement window.
    var warmup = Stopwatch.StartNew();
    while (warmup.Elapsed < TimeSpan.FromSeconds(Math.Min(1, seconds / 2)))
    {
        evaluate();
    }

    const int Batch = 1000;
    long count = 0;
    var permits = 0L;
    var allocated = GC.GetAllocatedBytesForCurrentThread();
    var watch = Stopwatch.StartNew();
    while (watch.Elapsed.TotalSeconds < seconds)
    {
        for (var i = 0; i < Batch; i++)
        {
            permits += evaluate() == PolicyDecision.Permit ? 1 : 0;
        }

        count += Batch;
    }

    watch.Stop();
    var bytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)count;
    var rate = count / watch.Elapsed.TotalSeconds;
    Console.WriteLine($"{name}: {rate:N0} evaluations/s ({1e9 / rate:0} ns and {bytes:0} bytes allocated each, {permits:N0} permits of {count:N0})");
    return rate;
}

static AtomicConstraint Constraint(string leftOperand, ConstraintOperator op, PolicyValue right) =>
    new() { LeftOperand = leftOperand, Operator = op, RightOperand = right };

static OdrlPolicy Policy(params OdrlConstraint[] constraints) => new()
{
    Uid = "urn:policy:benchmark",
    Target = new OdrlAsset(Asset),
    Permissions = [new OdrlRule { Kind = RuleKind.Permission, Action = new OdrlAction(Odrl.Use), Constraints = constraints }],
};

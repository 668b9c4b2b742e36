using Dataspace.Policies.Evaluation;
using Dataspace.Policies.Model;
using Dataspace.Policies.Vocabulary;
using Dataspace.Sdk.Policy;

namespace Dataspace.Policies.Compilation;

/// <summary>A built-in left operand: its value type, the scopes that can observe it, and how to observe it.</summary>
/// <param name="Iri">The operand's IRI.</param>
/// <param name="Kind">The observed value's type; <see cref="PolicyValueKind.None"/> when typed by the right operand (claims).</param>
/// <param name="Scopes">Where the operand can be observed.</param>
/// <param name="Hierarchy">The taxonomy used by isA, isPartOf and hasPart, if any.</param>
/// <param name="Bind">Builds the observer for one constraint (some depend on its unit).</param>
/// <param name="Missing">The reason reported when the request holds no value.</param>
internal sealed record LeftOperand(
    string Iri,
    PolicyValueKind Kind,
    PolicyScope Scopes,
    TermHierarchy? Hierarchy,
    Func<AtomicConstraint, Func<PolicyRequest, PolicyValue>> Bind,
    string Missing)
{
    private const PolicyScope AfterAgreement = PolicyScope.TransferStart | PolicyScope.DataAccess | PolicyScope.Usage | PolicyScope.Compute;

    // A catalog request declares no purpose or place of use; those are stated from the negotiation on.
    private const PolicyScope Declared = PolicyScope.Negotiation | AfterAgreement;

    /// <summary>The ODRL left operands the engine evaluates natively, plus minGroupSize.</summary>
    public static IEnumerable<LeftOperand> BuiltIns(TermHierarchy purposes, TermHierarchy regions, TermHierarchy industries) =>
    [
        new(Odrl.DateTime, PolicyValueKind.DateTime, PolicyScope.All, null,
            _ => static r => PolicyValue.FromDateTime(r.Time), "the request has no time"),
        new(Odrl.ElapsedTime, PolicyValueKind.Duration, AfterAgreement, null,
            _ => static r => (r.DeliveredAt ?? r.AgreementStart) is { } start ? PolicyValue.FromDuration(r.Time - start) : PolicyValue.None,
            "the request states neither when the agreement started nor when the data was delivered"),
        new(Odrl.Count, PolicyValueKind.Number, AfterAgreement, null,
            _ => static r => PolicyValue.FromNumber(r.UsageCount + 1), "the request has no usage count"),
        new(Odrl.Purpose, PolicyValueKind.Iri, Declared, purposes,
            _ => static r => r.Purpose is { } purpose ? PolicyValue.FromIri(purpose) : PolicyValue.None, "the request states no purpose"),
        new(Odrl.Spatial, PolicyValueKind.Iri, Declared, regions,
            _ => static r => r.Location is { } location ? PolicyValue.FromIri(location) : PolicyValue.None, "the request states no location"),
        new(Odrl.Recipient, PolicyValueKind.Iri, AfterAgreement, null,
            _ => static r => r.Recipient is { } recipient ? PolicyValue.FromIri(recipient) : PolicyValue.None, "the request names no recipient"),
        new(Odrl.Industry, PolicyValueKind.Iri, PolicyScope.All, industries,
            _ => static r => r.Industry is { } industry ? PolicyValue.FromIri(industry) : PolicyValue.None, "the requesting party's industry is not known"),
        new(Odrl.Event, PolicyValueKind.Iri, AfterAgreement, null,
            _ => static r => r.Event is { } e ? PolicyValue.FromIri(e) : PolicyValue.None, "the request names no event"),
        new(Odrl.PayAmount, PolicyValueKind.Number, PolicyScope.Negotiation | AfterAgreement, null,
            BindPayAmount, "no payment is recorded"),
        // Declares what a compensate duty's price is per (metering prices usage by it, docs/metering.md); it describes the
        // duty rather than the request, so it holds whatever is requested.
        new(Odrl.UnitOfCount, PolicyValueKind.None, PolicyScope.All, null,
            static c => { var declared = c.RightOperand; return _ => declared; }, "the unit of count is not declared"),
        new(Odrl.Percentage, PolicyValueKind.Number, AfterAgreement, null,
            _ => static r => r.Percentage is { } percentage ? PolicyValue.FromNumber(percentage) : PolicyValue.None, "the request states no percentage"),
        new(PolicyVocabulary.MinGroupSize, PolicyValueKind.Number, PolicyScope.DataAccess | PolicyScope.Usage | PolicyScope.Compute, null,
            _ => static r => r.GroupSize is { } size ? PolicyValue.FromNumber(size) : PolicyValue.None, "the request states no group size"),
        .. ComputeOperands(),
    ];

    // The compute scope's operands (docs/compute/engine.md). A job is checked aspect by aspect, so an operand the request
    // does not state holds (its aspect is not asked for); the engine states every aspect a job has.
    private static IEnumerable<LeftOperand> ComputeOperands() =>
    [
        new(PolicyVocabulary.ComputeComponent, PolicyValueKind.Text, PolicyScope.Compute, null,
            _ => static r => r.Compute?.Component is { } c ? PolicyValue.FromString(c) : PolicyValue.None, "the job names no component"),
        new(PolicyVocabulary.ConsumerRelease, PolicyValueKind.Text, PolicyScope.Compute, null,
            _ => static r => Kinds(r.Compute?.ConsumerReleases), "the job asks no release for the consumer"),
        new(PolicyVocabulary.ProviderRelease, PolicyValueKind.Text, PolicyScope.Compute, null,
            _ => static r => Kinds(r.Compute?.ProviderReleases), "the job asks no release for the provider"),
        new(PolicyVocabulary.Epsilon, PolicyValueKind.Number, PolicyScope.Compute, null,
            _ => static r => PolicyValue.FromNumber(r.Compute?.Epsilon ?? 0), "the job states no ε"),
        new(PolicyVocabulary.Delta, PolicyValueKind.Number, PolicyScope.Compute, null,
            _ => static r => PolicyValue.FromNumber(r.Compute?.Delta ?? 0), "the job states no δ"),
        new(PolicyVocabulary.ModelDigest, PolicyValueKind.Text, PolicyScope.Compute, null,
            _ => static r => r.Compute?.ModelDigest is { } d ? PolicyValue.FromString(d) : PolicyValue.None, "the job names no model digest"),
        new(PolicyVocabulary.JobCount, PolicyValueKind.Number, PolicyScope.Compute, null,
            _ => static r => r.Compute?.JobCount is { } n ? PolicyValue.FromNumber(n) : PolicyValue.None, "the job count under the agreement is not known"),
        // Declarations: they describe the budget or count rather than the request, so they hold whatever is asked.
        new(PolicyVocabulary.BudgetPeriod, PolicyValueKind.Duration, PolicyScope.Compute, null,
            static c => { var declared = c.RightOperand; return _ => declared; }, "the budget period is not declared"),
        new(PolicyVocabulary.JobPeriod, PolicyValueKind.Duration, PolicyScope.Compute, null,
            static c => { var declared = c.RightOperand; return _ => declared; }, "the job period is not declared"),
    ];

    // One kind observed as a string (so eq works); none or several as a set (isPartOf: every kind asked is allowed).
    private static PolicyValue Kinds(IReadOnlyList<string>? kinds) => kinds switch
    {
        [var one] => PolicyValue.FromString(one),
        null => PolicyValue.FromSet([]),
        _ => PolicyValue.FromSet(kinds.Select(PolicyValue.FromString)),
    };

    /// <summary>A <c>claim:CredentialType.path.to.value</c> operand, or null if <paramref name="iri"/> is not one.</summary>
    public static LeftOperand? Claim(string iri, out string? error)
    {
        error = null;
        if (!iri.StartsWith(PolicyVocabulary.ClaimScheme, StringComparison.Ordinal))
        {
            return null;
        }

        var segments = iri[PolicyVocabulary.ClaimScheme.Length..].Split('.');
        if (segments.Length < 2 || segments.Any(string.IsNullOrEmpty))
        {
            error = $"claim operand '{iri}' must name a credential type and a path, e.g. claim:MembershipCredential.level";
            return null;
        }

        var type = segments[0];
        var path = segments[1..];
        return new LeftOperand(iri, PolicyValueKind.None, PolicyScope.All, null, _ => r => Observe(r, type, path),
            $"the requesting party has no verified claim {string.Join('.', path)} in a {type}");
    }

    /// <summary>An <c>issuer:CredentialType</c> operand (the DID that issued the party's verified credential of that type), or null if <paramref name="iri"/> is not one.</summary>
    public static LeftOperand? Issuer(string iri, out string? error)
    {
        error = null;
        if (!iri.StartsWith(PolicyVocabulary.IssuerScheme, StringComparison.Ordinal))
        {
            return null;
        }

        var type = iri[PolicyVocabulary.IssuerScheme.Length..];
        if (type.Length == 0 || type.Contains('.', StringComparison.Ordinal))
        {
            error = $"issuer operand '{iri}' must name one credential type, e.g. issuer:MembershipCredential";
            return null;
        }

        // Observed as a claim's string is, so the same right operands (a DID as a string, a set of them) compare alike.
        return new LeftOperand(iri, PolicyValueKind.None, PolicyScope.All, null,
            _ => r => r.Party.Issuers.TryGetValue(type, out var issuer) ? PolicyValue.FromString(issuer) : PolicyValue.None,
            $"the requesting party has no verified {type} whose issuer could be checked");
    }

    private static PolicyValue Observe(PolicyRequest request, string type, string[] path)
    {
        if (!request.Party.Claims.TryGetValue(type, out var element))
        {
            return PolicyValue.None;
        }

        foreach (var segment in path)
        {
            if (element.ValueKind == System.Text.Json.JsonValueKind.Object && element.TryGetProperty(segment, out var child))
            {
                element = child;
            }
            else if (element.ValueKind == System.Text.Json.JsonValueKind.Array && int.TryParse(segment, out var index)
                && index >= 0 && index < element.GetArrayLength())
            {
                element = element[index];
            }
            else
            {
                return PolicyValue.None;
            }
        }

        return PolicyValueJson.FromElement(element);
    }

    private static Func<PolicyRequest, PolicyValue> BindPayAmount(AtomicConstraint constraint)
    {
        var unit = constraint.Unit;
        return request =>
        {
            decimal total = 0;
            var payments = request.Payments;
            for (var i = 0; i < payments.Count; i++)
            {
                if (unit is null || SameCurrency(unit, payments[i].Currency))
                {
                    total += payments[i].Amount;
                }
            }

            return PolicyValue.FromNumber(total);
        };
    }

    private static bool SameCurrency(string unit, string currency) =>
        string.Equals(unit, currency, StringComparison.OrdinalIgnoreCase)
        || unit.EndsWith("/" + currency, StringComparison.OrdinalIgnoreCase)
        || unit.EndsWith(":" + currency, StringComparison.OrdinalIgnoreCase);
}

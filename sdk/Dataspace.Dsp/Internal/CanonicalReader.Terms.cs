namespace Dataspace.Dsp.Internal;

/// <summary>The member names the canonical readers know, looked up once per member by length and bytes.</summary>
internal ref partial struct CanonicalReader
{
    private static readonly (byte[] Name, Term Term)[][] TermsByLength = IndexTerms(
    [
        ("@context", Term.Context), ("@type", Term.Type), ("@id", Term.Id),
        ("providerPid", Term.ProviderPid), ("consumerPid", Term.ConsumerPid), ("callbackAddress", Term.CallbackAddress),
        ("offer", Term.Offer), ("agreement", Term.Agreement), ("timestamp", Term.Timestamp), ("code", Term.Code), ("reason", Term.Reason),
        ("filter", Term.Filter), ("state", Term.State), ("eventType", Term.EventType), ("agreementId", Term.AgreementId), ("format", Term.Format),
        ("dataAddress", Term.DataAddress), ("dataset", Term.Dataset),
        ("target", Term.Target), ("assigner", Term.Assigner), ("assignee", Term.Assignee), ("profile", Term.Profile),
        ("permission", Term.Permission), ("prohibition", Term.Prohibition), ("obligation", Term.Obligation), ("action", Term.Action),
        ("constraint", Term.Constraint), ("duty", Term.Duty), ("leftOperand", Term.LeftOperand), ("operator", Term.Operator),
        ("rightOperand", Term.RightOperand), ("and", Term.And), ("or", Term.Or), ("xone", Term.Xone), ("andSequence", Term.AndSequence),
        ("participantId", Term.ParticipantId), ("service", Term.Service), ("catalog", Term.Catalog), ("distribution", Term.Distribution),
        ("hasPolicy", Term.HasPolicy), ("accessService", Term.AccessService), ("endpointURL", Term.EndpointUrl),
        ("endpointDescription", Term.EndpointDescription), ("endpointType", Term.EndpointType), ("endpoint", Term.Endpoint),
        ("endpointProperties", Term.EndpointProperties), ("name", Term.Name), ("value", Term.Value),
    ]);

    /// <summary>The current member name as a term; <see cref="Term.Other"/> for any other name, and for an escaped one (never canonical in practice, so left to the full path).</summary>
    private readonly Term CurrentTerm()
    {
        if (_json.ValueIsEscaped)
        {
            return Term.Other;
        }

        var name = _json.ValueSpan;
        if (name.Length < TermsByLength.Length)
        {
            foreach (var (bytes, term) in TermsByLength[name.Length])
            {
                if (name.SequenceEqual(bytes))
                {
                    return term;
                }
            }
        }

        return Term.Other;
    }

    private static (byte[] Name, Term Term)[][] IndexTerms((string Name, Term Term)[] terms)
    {
        var index = new List<(byte[], Term)>[terms.Max(t => t.Name.Length) + 1];
        foreach (var (name, term) in terms)
        {
            (index[name.Length] ??= []).Add((System.Text.Encoding.UTF8.GetBytes(name), term));
        }

        return [.. index.Select(bucket => bucket?.ToArray() ?? [])];
    }

    private enum Term
    {
        Other,
        Context,
        Type,
        Id,
        ProviderPid,
        ConsumerPid,
        CallbackAddress,
        Offer,
        Agreement,
        Timestamp,
        Code,
        Reason,
        Filter,
        State,
        EventType,
        AgreementId,
        Format,
        DataAddress,
        Dataset,
        Target,
        Assigner,
        Assignee,
        Profile,
        Permission,
        Prohibition,
        Obligation,
        Action,
        Constraint,
        Duty,
        LeftOperand,
        Operator,
        RightOperand,
        And,
        Or,
        Xone,
        AndSequence,
        ParticipantId,
        Service,
        Catalog,
        Distribution,
        HasPolicy,
        AccessService,
        EndpointUrl,
        EndpointDescription,
        EndpointType,
        Endpoint,
        EndpointProperties,
        Name,
        Value,
    }
}

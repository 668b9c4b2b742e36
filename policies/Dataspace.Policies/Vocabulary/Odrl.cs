namespace Dataspace.Policies.Vocabulary;

/// <summary>IRIs of the ODRL 2.2 vocabulary used by the engine.</summary>
public static class Odrl
{
    /// <summary>The ODRL namespace.</summary>
    public const string Namespace = "http://www.w3.org/ns/odrl/2/";

    /// <summary>odrl:Set.</summary>
    public const string Set = Namespace + "Set";
    /// <summary>odrl:Offer.</summary>
    public const string Offer = Namespace + "Offer";
    /// <summary>odrl:Agreement.</summary>
    public const string Agreement = Namespace + "Agreement";
    /// <summary>odrl:Policy.</summary>
    public const string Policy = Namespace + "Policy";

    /// <summary>odrl:permission.</summary>
    public const string Permission = Namespace + "permission";
    /// <summary>odrl:prohibition.</summary>
    public const string Prohibition = Namespace + "prohibition";
    /// <summary>odrl:obligation.</summary>
    public const string Obligation = Namespace + "obligation";
    /// <summary>odrl:duty.</summary>
    public const string Duty = Namespace + "duty";
    /// <summary>odrl:remedy.</summary>
    public const string Remedy = Namespace + "remedy";
    /// <summary>odrl:consequence.</summary>
    public const string Consequence = Namespace + "consequence";
    /// <summary>odrl:action.</summary>
    public const string Action = Namespace + "action";
    /// <summary>odrl:refinement.</summary>
    public const string Refinement = Namespace + "refinement";
    /// <summary>odrl:constraint.</summary>
    public const string Constraint = Namespace + "constraint";
    /// <summary>odrl:leftOperand.</summary>
    public const string LeftOperand = Namespace + "leftOperand";
    /// <summary>odrl:operator.</summary>
    public const string Operator = Namespace + "operator";
    /// <summary>odrl:rightOperand.</summary>
    public const string RightOperand = Namespace + "rightOperand";
    /// <summary>odrl:rightOperandReference.</summary>
    public const string RightOperandReference = Namespace + "rightOperandReference";
    /// <summary>odrl:unit.</summary>
    public const string Unit = Namespace + "unit";
    /// <summary>odrl:dataType.</summary>
    public const string DataType = Namespace + "dataType";
    /// <summary>odrl:target.</summary>
    public const string Target = Namespace + "target";
    /// <summary>odrl:assigner.</summary>
    public const string Assigner = Namespace + "assigner";
    /// <summary>odrl:assignee.</summary>
    public const string Assignee = Namespace + "assignee";
    /// <summary>odrl:uid.</summary>
    public const string Uid = Namespace + "uid";
    /// <summary>odrl:conflict.</summary>
    public const string Conflict = Namespace + "conflict";
    /// <summary>odrl:inheritFrom.</summary>
    public const string InheritFrom = Namespace + "inheritFrom";
    /// <summary>odrl:profile.</summary>
    public const string Profile = Namespace + "profile";
    /// <summary>odrl:partOf (membership of an asset or party in a collection).</summary>
    public const string PartOf = Namespace + "partOf";
    /// <summary>odrl:source (the source of an asset or party collection).</summary>
    public const string Source = Namespace + "source";
    /// <summary>odrl:AssetCollection.</summary>
    public const string AssetCollection = Namespace + "AssetCollection";
    /// <summary>odrl:PartyCollection.</summary>
    public const string PartyCollection = Namespace + "PartyCollection";

    /// <summary>odrl:perm (permissions override prohibitions).</summary>
    public const string Perm = Namespace + "perm";
    /// <summary>odrl:prohibit (prohibitions override permissions).</summary>
    public const string Prohibit = Namespace + "prohibit";
    /// <summary>odrl:invalid (a conflict voids the policy).</summary>
    public const string Invalid = Namespace + "invalid";

    /// <summary>odrl:and.</summary>
    public const string And = Namespace + "and";
    /// <summary>odrl:or.</summary>
    public const string Or = Namespace + "or";
    /// <summary>odrl:xone.</summary>
    public const string Xone = Namespace + "xone";
    /// <summary>odrl:andSequence.</summary>
    public const string AndSequence = Namespace + "andSequence";

    /// <summary>odrl:eq.</summary>
    public const string Eq = Namespace + "eq";
    /// <summary>odrl:neq.</summary>
    public const string Neq = Namespace + "neq";
    /// <summary>odrl:lt.</summary>
    public const string Lt = Namespace + "lt";
    /// <summary>odrl:lteq.</summary>
    public const string Lteq = Namespace + "lteq";
    /// <summary>odrl:gt.</summary>
    public const string Gt = Namespace + "gt";
    /// <summary>odrl:gteq.</summary>
    public const string Gteq = Namespace + "gteq";
    /// <summary>odrl:isA.</summary>
    public const string IsA = Namespace + "isA";
    /// <summary>odrl:hasPart.</summary>
    public const string HasPart = Namespace + "hasPart";
    /// <summary>odrl:isPartOf.</summary>
    public const string IsPartOf = Namespace + "isPartOf";
    /// <summary>odrl:isAllOf.</summary>
    public const string IsAllOf = Namespace + "isAllOf";
    /// <summary>odrl:isAnyOf.</summary>
    public const string IsAnyOf = Namespace + "isAnyOf";
    /// <summary>odrl:isNoneOf.</summary>
    public const string IsNoneOf = Namespace + "isNoneOf";

    /// <summary>odrl:dateTime.</summary>
    public const string DateTime = Namespace + "dateTime";
    /// <summary>odrl:elapsedTime.</summary>
    public const string ElapsedTime = Namespace + "elapsedTime";
    /// <summary>odrl:count.</summary>
    public const string Count = Namespace + "count";
    /// <summary>odrl:purpose.</summary>
    public const string Purpose = Namespace + "purpose";
    /// <summary>odrl:spatial.</summary>
    public const string Spatial = Namespace + "spatial";
    /// <summary>odrl:recipient.</summary>
    public const string Recipient = Namespace + "recipient";
    /// <summary>odrl:industry.</summary>
    public const string Industry = Namespace + "industry";
    /// <summary>odrl:event.</summary>
    public const string Event = Namespace + "event";
    /// <summary>odrl:payAmount.</summary>
    public const string PayAmount = Namespace + "payAmount";
    /// <summary>odrl:unitOfCount (how the instances of an action are counted, e.g. the unit a compensate duty's price is per).</summary>
    public const string UnitOfCount = Namespace + "unitOfCount";
    /// <summary>odrl:percentage.</summary>
    public const string Percentage = Namespace + "percentage";

    /// <summary>odrl:use.</summary>
    public const string Use = Namespace + "use";
    /// <summary>odrl:transfer.</summary>
    public const string Transfer = Namespace + "transfer";
    /// <summary>odrl:read.</summary>
    public const string Read = Namespace + "read";
    /// <summary>odrl:distribute.</summary>
    public const string Distribute = Namespace + "distribute";
    /// <summary>odrl:compensate.</summary>
    public const string Compensate = Namespace + "compensate";
    /// <summary>odrl:delete.</summary>
    public const string Delete = Namespace + "delete";
    /// <summary>odrl:anonymize.</summary>
    public const string Anonymize = Namespace + "anonymize";
    /// <summary>odrl:aggregate.</summary>
    public const string Aggregate = Namespace + "aggregate";
}

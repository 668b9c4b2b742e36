namespace Dataspace.Portal.Components.Pages;

/// <summary>What the operator fills in to propose a two-party compute job under one agreement.</summary>
internal sealed class ComputeProposal
{
    public string AgreementId { get; set; } = "";

    public string Component { get; set; } = "";

    public string Role { get; set; } = "receiver";

    public string ProviderRole { get; set; } = "sender";

    public string Release { get; set; } = "cardinality";

    public string InputPath { get; set; } = "";

    public string Attributes { get; set; } = "";
}

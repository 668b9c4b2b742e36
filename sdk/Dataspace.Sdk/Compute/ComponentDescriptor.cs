namespace Dataspace.Sdk.Compute;

/// <summary>What a component declares: its roles (one party each), its attributes and what it can release.</summary>
/// <param name="Roles">Role names, e.g. <c>sender</c>/<c>receiver</c>, <c>server</c>/<c>client</c>, <c>party</c>.</param>
/// <param name="Attributes">The attributes a task may set, with their types and defaults.</param>
/// <param name="Releases">The release kinds the component can produce (<see cref="ReleaseKinds"/>).</param>
/// <param name="MinParties">The least number of parties a task needs.</param>
/// <param name="MaxParties">The most parties a task may have.</param>
public sealed record ComponentDescriptor(
    IReadOnlyList<string> Roles,
    IReadOnlyList<ComponentParameter> Attributes,
    IReadOnlyList<string> Releases,
    int MinParties = 2,
    int MaxParties = 2);

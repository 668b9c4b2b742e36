namespace Dataspace.JsonLd.Internal;

/// <summary>The state of expanding one map, shared by its entries and by the maps nested in it through @nest.</summary>
internal sealed record ExpansionFrame(ActiveContext Active, ActiveContext TypeScoped, string? ActiveProperty, string? InputType, string? BaseUrl, int Depth);

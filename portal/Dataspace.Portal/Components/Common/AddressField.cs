namespace Dataspace.Portal.Components.Common;

/// <summary>One named data-address property on the asset form.</summary>
public sealed class AddressField(string name, string? value)
{
    /// <summary>The property name.</summary>
    public string Name { get; } = name;

    /// <summary>Its value as typed.</summary>
    public string? Value { get; set; } = value;
}

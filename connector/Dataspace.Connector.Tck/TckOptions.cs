namespace Dataspace.Connector.Tck;

/// <summary>TCK mode settings (configuration section <c>Connector:Tck</c>); TCK mode is off unless a seed file is set.</summary>
public sealed class TckOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Connector:Tck";

    /// <summary>The seed file with the TCK's fixture datasets and the scripted reactions; setting it turns TCK mode on.</summary>
    public string? SeedFile { get; set; }
}

using System.CommandLine;
using Dataspace.Conformance;

namespace Dataspace.Cli.Conformance;

/// <summary>Options the conformance commands share.</summary>
internal static class ConformanceOptions
{
    public static Option<string> Profile()
    {
        var option = new Option<string>("--profile")
        {
            Description = $"The profile: {string.Join(", ", ConformanceProfiles.Each)} or {ConformanceProfiles.All}",
            DefaultValueFactory = _ => ConformanceProfiles.All,
        };
        // One line naming the choices, rather than the parser's list of allowed values over several lines.
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (value != ConformanceProfiles.All && !ConformanceProfiles.Each.Contains(value))
            {
                result.AddError($"--profile '{value}' is unknown; expected {string.Join(", ", ConformanceProfiles.Each)} or {ConformanceProfiles.All}");
            }
        });
        return option;
    }
}

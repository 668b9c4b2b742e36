using System.Text.Encodings.Web;
using System.Text.Json;

namespace Dataspace.Cli.Identity;

/// <summary>How identity commands print JSON.</summary>
internal static class IdentityJson
{
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}

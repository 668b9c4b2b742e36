namespace Dataspace.Identity.Tests.Support;

/// <summary>A fact that needs node and npm on the PATH; skipped, saying why, where they are absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        var missing = new[] { "node", "npm" }.Where(tool => ExternalProcess.FindOnPath(tool) is null).ToList();
        if (missing.Count > 0)
        {
            Skip = $"{string.Join(" and ", missing)} not found on PATH; the interoperability check runs the independent JavaScript implementations with node.";
        }
    }
}

namespace Dataspace.Connector.Client.Tests;

/// <summary>A fact that needs the HTTP transport plugin bundled beside the tests; skipped, saying why, where it is absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class HttpTransportFactAttribute : FactAttribute
{
    public HttpTransportFactAttribute()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "plugins", "Dataspace.Plugins.Transport.Http");
        if (!Directory.Exists(folder))
        {
            Skip = $"the HTTP transport plugin is not bundled ({folder} is absent): no HttpData-PULL channel to transfer with";
        }
    }
}

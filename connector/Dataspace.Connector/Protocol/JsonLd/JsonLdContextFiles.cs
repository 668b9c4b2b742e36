using Dataspace.Connector.Hosting;
using Dataspace.JsonLd;
using Dataspace.JsonLd.Loading;
using Dataspace.Sdk.Plugins;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Protocol.JsonLd;

/// <summary>Builds the context registry DSP messages are read with: embedded contexts, then plugins', then configured files.</summary>
internal static class JsonLdContextFiles
{
    // Context documents are small; a larger file is a mistake in the configuration, not a context.
    private const long MaxBytes = 1024 * 1024;

    public static void AddConnectorJsonLd(this IServiceCollection services)
    {
        services.AddSettings<JsonLdContextOptions>(JsonLdContextOptions.Section);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JsonLdContextOptions>, JsonLdContextOptionsValidator>());

        // Registered before AddJsonLd, whose own registry (embedded and SDK-registered documents only) then stands aside.
        services.TryAddSingleton(sp =>
        {
            var registry = JsonLdContextRegistry.CreateDefault();
            foreach (var document in sp.GetServices<JsonLdContextDocument>())
            {
                registry.Add(document.Url, document.Json);
            }

            foreach (var contribution in sp.GetServices<JsonLdContextContribution>())
            {
                registry.Add(contribution.Url, contribution.Json);
            }

            foreach (var context in sp.GetRequiredService<IOptions<JsonLdContextOptions>>().Value.Contexts)
            {
                registry.Add(new Uri(context.Url, UriKind.Absolute), Read(context.File));
            }

            return registry;
        });
        services.AddJsonLd();
    }

    public static string Read(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new IOException("no context file is given; set File to the path of the context document.");
        }

        var file = new FileInfo(Path.GetFullPath(path));
        if (!file.Exists)
        {
            throw new IOException($"the context file '{file.FullName}' does not exist.");
        }

        if (file.Length > MaxBytes)
        {
            throw new IOException($"the context file '{file.FullName}' has {file.Length} bytes, more than the limit of {MaxBytes}.");
        }

        return File.ReadAllText(file.FullName);
    }
}

using System.Reflection;
using System.Text.Json;
using Dataspace.Sdk.Plugins;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Dataspace.Connector.Tests;

/// <summary>Crafts plugin folders (manifest + an assembly compiled from C# source) for loader tests.</summary>
internal sealed class TestPluginBuilder
{
    private static readonly Lazy<MetadataReference[]> PlatformReferences = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray());

    public TestPluginBuilder(string pluginsDirectory) => PluginsDirectory = pluginsDirectory;

    public string PluginsDirectory { get; }

    /// <summary>A plugin that registers a data source of address type <paramref name="addressType"/> and a health check.</summary>
    public static string WorkingPluginSource(string addressType, bool healthy = true) => $$"""
        using Dataspace.Sdk.Plugins;
        using Dataspace.Sdk.Transfer;
        using Microsoft.Extensions.DependencyInjection;
        [assembly: ConnectorPlugin(typeof(Crafted.Entry))]
        namespace Crafted;
        public sealed class Entry : IConnectorPlugin
        {
            public void ConfigureServices(PluginContext context)
            {
                context.Services.AddSingleton<IDataSource>(new Source(context.Configuration["Label"] ?? "none"));
                context.AddHealthCheck<Health>();
            }
        }
        public sealed class Source(string label) : IDataSource
        {
            public string Type => "{{addressType}}";
            public string Label => label;
            public Task<DataReadResult> OpenReadAsync(DataReadContext context, CancellationToken cancellationToken) =>
                Task.FromResult(DataReadResult.Fail(DataFailureKind.NotFound, "crafted"));
        }
        public sealed class Health : IPluginHealthCheck
        {
            public Task<PluginHealth> CheckHealthAsync(CancellationToken cancellationToken) =>
                Task.FromResult(new PluginHealth({{(healthy ? "true" : "false")}}, "crafted health"));
        }
        """;

    /// <summary>Writes <paramref name="folder"/> with a manifest and, unless null, an assembly compiled from <paramref name="source"/>.</summary>
    public string Add(string folder, string? source, object? manifest = null, string? rawManifest = null, MetadataReference? sdkReference = null)
    {
        var directory = Path.Combine(PluginsDirectory, folder);
        Directory.CreateDirectory(directory);
        if (rawManifest is not null)
        {
            File.WriteAllText(Path.Combine(directory, "plugin.json"), rawManifest);
        }
        else if (manifest is not null)
        {
            File.WriteAllText(Path.Combine(directory, "plugin.json"), JsonSerializer.Serialize(manifest));
        }

        if (source is not null)
        {
            Compile(folder, source, Path.Combine(directory, folder + ".dll"), sdkReference);
        }

        return directory;
    }

    public static object Manifest(string id, string sdkVersion = "[1.0,2.0)", string? assembly = null, string? section = null) => new
    {
        id,
        version = "1.0.0",
        kinds = new[] { "transport" },
        sdkVersion,
        assembly,
        configurationSection = section,
    };

    /// <summary>Compiles source into an assembly; references the real SDK unless another is given.</summary>
    public static void Compile(string assemblyName, string source, string outputPath, MetadataReference? sdkReference = null)
    {
        var sdk = sdkReference ?? MetadataReference.CreateFromFile(typeof(IConnectorPlugin).Assembly.Location);
        var references = PlatformReferences.Value
            .Where(r => !string.Equals(Path.GetFileNameWithoutExtension(r.Display), "Dataspace.Sdk", StringComparison.Ordinal))
            .Append(sdk);
        var compilation = CSharpCompilation.Create(
            assemblyName,
            [
                CSharpSyntaxTree.ParseText("global using System; global using System.Threading; global using System.Threading.Tasks;", new CSharpParseOptions(LanguageVersion.Latest)),
                CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest)),
            ],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var output = File.Create(outputPath);
        var result = compilation.Emit(output);
        if (!result.Success)
        {
            throw new InvalidOperationException("test plugin does not compile: " + string.Join("; ", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }
    }

    /// <summary>A stand-in SDK assembly with a newer version, to build a plugin "for a newer SDK".</summary>
    public static MetadataReference NewerSdk(string directory, string version)
    {
        var path = Path.Combine(directory, "Dataspace.Sdk.dll");
        Compile("Dataspace.Sdk", $$"""
            [assembly: System.Reflection.AssemblyVersion("{{version}}")]
            namespace Dataspace.Sdk.Plugins;
            public interface IConnectorPlugin { void ConfigureServices(object context); }
            [System.AttributeUsage(System.AttributeTargets.Assembly)]
            public sealed class ConnectorPluginAttribute(System.Type pluginType) : System.Attribute { public System.Type PluginType => pluginType; }
            """, path, MetadataReference.CreateFromFile(typeof(object).Assembly.Location));
        return MetadataReference.CreateFromFile(path);
    }

    public static string NewerSdkPluginSource => """
        using Dataspace.Sdk.Plugins;
        [assembly: ConnectorPlugin(typeof(Future.Entry))]
        namespace Future;
        public sealed class Entry : IConnectorPlugin { public void ConfigureServices(object context) { } }
        """;

    internal static string AssemblyLocation(Assembly assembly) => assembly.Location;
}

using System.Net;
using System.Net.Sockets;
using Dataspace.Connector.Compute.Channel;
using Dataspace.Connector.Health;
using Dataspace.Connector.Identity;
using Dataspace.Connector.Hosting;
using Dataspace.Connector.Management;
using Dataspace.Connector.Plugins;
using Dataspace.Connector.Protocol.Dsp;
using Dataspace.Connector.Tck;
using Dataspace.Portal;
using Dataspace.Sdk.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Host;

/// <summary>Builds and runs a connector: configuration, plugins, database, management API and health endpoints.</summary>
public static partial class ConnectorHost
{
    /// <summary>The folder, inside the data folder, holding the connector's ASP.NET data-protection key ring.</summary>
    public const string DataProtectionKeysFolder = "data-protection-keys";

    /// <summary>Builds the connector's web application without starting it.</summary>
    /// <exception cref="ConnectorStartupException">A setting, the data folder or a plugin is wrong.</exception>
    public static async Task<WebApplication> BuildAsync(ConnectorHostSettings settings, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [.. settings.Args],
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = typeof(ConnectorHost).Assembly.GetName().Name,
        });
        AddConfigurationSources(builder.Configuration, settings);
        // The host logs a failed start with its stack trace; RunAsync reports start-up errors it can describe as one line,
        // and a faulted background service is still logged (critical) with its exception.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);

        var options = ReadOptions(builder.Configuration);
        PrepareDataDirectory(options.DataDirectoryFullPath);

        using var bootstrapLogs = LoggerFactory.Create(logging => logging
            .AddConfiguration(builder.Configuration.GetSection("Logging"))
            .AddSimpleConsole(c => { c.SingleLine = true; c.TimestampFormat = "HH:mm:ss.fff "; }));
        var loader = new ConnectorPluginLoader(bootstrapLogs.CreateLogger<ConnectorPluginLoader>());
        var plugins = await loader.LoadAsync(
            new PluginLoadOptions
            {
                PluginsDirectory = options.PluginsDirectoryFullPath,
                DataDirectory = options.DataDirectoryFullPath,
                SkipFaultyPlugins = options.SkipFaultyPlugins,
            },
            builder.Services,
            builder.Configuration,
            cancellationToken).ConfigureAwait(false);

        ManagementApiKey apiKey;
        try
        {
            apiKey = ManagementApiKey.Load(options.ManagementApiKey, options.DataDirectoryFullPath);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            throw new ConnectorStartupException($"management API key: {e.Message}", e);
        }

        // DCP identity: prepared (key store opened, DID known) before the engine, whose participant id is that DID.
        var identityDid = await PrepareIdentityAsync(builder, cancellationToken).ConfigureAwait(false);

        var connector = builder.Services.AddConnector(builder.Configuration, plugins, apiKey);
        if (identityDid is not null)
        {
            connector.AddDcpIdentity(identityDid);
        }

        // TCK mode only with Connector:Tck:SeedFile; after the engine, whose reactions it replaces.
        connector.AddTck();
        connector.AddManagementOpenApi();
        connector.AddComputeChannel();

        // The portal's sign-in cookie (and anything else ASP.NET protects) uses this connector's own key ring, kept in its
        // data folder: the default per-user ring would let every connector of one OS user read the others' cookies.
        var keyRing = new DirectoryInfo(Path.Combine(options.DataDirectoryFullPath, DataProtectionKeysFolder));
        builder.Services.AddDataProtection().SetApplicationName("dataspace-connector:" + options.DataDirectoryFullPath);
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(services => new ConfigureOptions<KeyManagementOptions>(
            keys => keys.XmlRepository = new PrivateKeyRingRepository(keyRing, services.GetRequiredService<ILoggerFactory>())));
        connector.AddPortal();

        settings.ConfigureServices?.Invoke(builder.Services);
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(15));
        builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, string.Empty);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 16 * 1024 * 1024;
            var bind = string.Equals(options.BindAddress, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback : IPAddress.Parse(options.BindAddress);
            kestrel.Listen(bind, options.Port);

            // After the DSP listener, which stays the first address (the connector's public base URL is taken from it).
            kestrel.ListenComputeChannel(builder.Configuration, bind, options.Port);
        });

        var app = builder.Build();
        app.MapPortal();
        app.MapConnectorHealth();
        var management = app.MapManagementApi();
        app.MapDsp();
        app.MapComputeChannel();
        app.MapTck();
        if (identityDid is not null)
        {
            app.MapDcpIdentity(management, identityDid);
        }

        app.MapManagementOpenApi();

        app.Lifetime.ApplicationStarted.Register(() => WriteBanner(app, options, apiKey, plugins, settings.Output));
        return app;
    }

    /// <summary>Builds and runs a connector until it is stopped; returns the process exit code.</summary>
    /// <remarks>Start-up errors are written to standard error as one line and give exit code 1.</remarks>
    public static async Task<int> RunAsync(ConnectorHostSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            await using var app = await BuildAsync(settings, cancellationToken).ConfigureAwait(false);
            await app.RunAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (Exception e) when (DescribeStartupError(e) is { } message)
        {
            await settings.Error.WriteLineAsync("error: " + message).ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>
    /// Loads the plugins a connector with these settings would load, without starting it: faulty ones are
    /// reported rather than thrown, and registrations go to a throw-away container and data folder.
    /// </summary>
    public static async Task<PluginRegistry> InspectPluginsAsync(ConnectorHostSettings settings, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationManager();
        configuration.SetBasePath(AppContext.BaseDirectory);
        configuration.AddJsonFile("appsettings.json", optional: true);
        configuration.AddEnvironmentVariables();
        AddConfigurationSources(configuration, settings);
        var options = ReadOptions(configuration);
        var scratchData = Directory.CreateTempSubdirectory("dataspace-plugins-").FullName;
        try
        {
            using var logs = LoggerFactory.Create(_ => { });
            return await new ConnectorPluginLoader(logs.CreateLogger<ConnectorPluginLoader>()).LoadAsync(
                new PluginLoadOptions { PluginsDirectory = options.PluginsDirectoryFullPath, DataDirectory = scratchData, SkipFaultyPlugins = true },
                new ServiceCollection(),
                configuration,
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Directory.Delete(scratchData, recursive: true);
        }
    }

    /// <summary>The plugins folder a connector with these settings would use.</summary>
    public static string ResolvePluginsDirectory(ConnectorHostSettings settings)
    {
        var configuration = new ConfigurationManager();
        configuration.SetBasePath(AppContext.BaseDirectory);
        configuration.AddJsonFile("appsettings.json", optional: true);
        configuration.AddEnvironmentVariables();
        AddConfigurationSources(configuration, settings);
        return ReadOptions(configuration).PluginsDirectoryFullPath;
    }

    /// <summary>One line for an error that stops start-up, or null for a bug that should surface as such.</summary>
    public static string? DescribeStartupError(Exception e) => e switch
    {
        ConnectorStartupException or PluginLoadException => e.Message,
        OptionsValidationException o => "configuration: " + string.Join("; ", o.Failures),
        IOException when IsAddressInUse(e) =>
            "the port is already in use: " + e.Message.TrimEnd('.') + " (choose another with --port, or --port 0 for a free one)",
        IOException or UnauthorizedAccessException => e.Message,
        SqliteException s => "database: " + s.Message,
        // The binder names the key, the value and the type it wanted ("Failed to convert configuration value 'x' at 'Connector:Dsp:...' to type 'System.Int32'").
        InvalidOperationException when e.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) => "configuration: " + e.Message,
        Connector.Storage.StorageConfigurationException => "storage: " + e.Message,
        InvalidOperationException when e.StackTrace?.Contains("SchemaMigrator", StringComparison.Ordinal) == true => "database: " + e.Message,
        _ => null,
    };

    // Kestrel wraps the socket error in its own AddressInUseException (an IOException) inside the IOException it throws.
    private static bool IsAddressInUse(Exception e)
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } or Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                return true;
            }
        }

        return false;
    }

    // ---- DCP identity wiring (issue 4) ----

    /// <summary>With a key-store secret configured: the connector's DID, set as participant id; null without identity configuration (static DSP tokens).</summary>
    private static async Task<string?> PrepareIdentityAsync(WebApplicationBuilder builder, CancellationToken cancellationToken)
    {
        if (ConnectorIdentityDefaults.Applies(builder.Configuration, Environment.GetEnvironmentVariable(ConnectorIdentityOptions.SecretVariable)))
        {
            // A fresh connector gets an identity from its first start (issue 14); the secret is kept like the API key.
            var data = Path.GetFullPath(builder.Configuration["Connector:DataDirectory"] ?? "data");
            try
            {
                builder.Configuration.AddInMemoryCollection(ConnectorIdentityDefaults.Create(builder.Configuration, data));
            }
            catch (IdentityConfigurationException e)
            {
                throw new ConnectorStartupException("identity: " + e.Message, e);
            }
        }

        if (!ConnectorIdentitySetup.IsConfigured(builder.Configuration))
        {
            return null;
        }

        string did;
        try
        {
            did = await ConnectorIdentitySetup.PrepareAsync(builder.Configuration, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
        catch (IdentityConfigurationException e)
        {
            throw new ConnectorStartupException("identity: " + e.Message, e);
        }

        var configured = builder.Configuration[ConnectorOptions.Section + ":" + nameof(ConnectorOptions.ParticipantId)];
        if (string.IsNullOrWhiteSpace(configured))
        {
            // DCP peers address tokens to our DID and see it as the token's issuer: the participant id must be that DID.
            builder.Configuration.AddInMemoryCollection([KeyValuePair.Create<string, string?>(ConnectorOptions.Section + ":" + nameof(ConnectorOptions.ParticipantId), did)]);
        }
        else if (!string.Equals(configured, did, StringComparison.Ordinal))
        {
            throw new ConnectorStartupException($"configuration: Connector:ParticipantId is '{configured}' but the connector's DID is '{did}'; with DCP they must be the same (leave Connector:ParticipantId unset to use the DID)");
        }

        return did;
    }

    // ---- end of DCP identity wiring ----

    private static void AddConfigurationSources(ConfigurationManager configuration, ConnectorHostSettings settings)
    {
        if (settings.ConfigFile is { } file)
        {
            var path = Path.GetFullPath(file);
            if (!File.Exists(path))
            {
                throw new ConnectorStartupException($"configuration file {path} does not exist");
            }

            // Precedence: appsettings.json < --config file < environment variables < command line.
            var sources = (IList<IConfigurationSource>)configuration.Sources;
            var lastJson = sources.Select((s, i) => (s, i)).LastOrDefault(x => x.s is JsonConfigurationSource).i;
            var source = new JsonConfigurationSource { Path = Path.GetFileName(path), Optional = false, ReloadOnChange = false };
            source.FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(Path.GetDirectoryName(path)!);
            try
            {
                // ConfigurationManager loads a source as soon as it is added.
                sources.Insert(lastJson + 1, source);
            }
            catch (InvalidDataException e)
            {
                throw new ConnectorStartupException(
                    JsonFileError.Find(e) is { } json
                        ? "configuration file is not valid JSON: " + JsonFileError.Describe(path, json)
                        : $"configuration file {path} is not valid JSON: {e.InnerException?.Message ?? e.Message}",
                    e);
            }
        }

        configuration.AddEnvironmentVariables("DATASPACE_");
        configuration.AddInMemoryCollection(settings.Overrides);
    }

    private static ConnectorOptions ReadOptions(ConfigurationManager configuration)
    {
        ConnectorOptions options;
        try
        {
            options = configuration.GetSection(ConnectorOptions.Section).Get<ConnectorOptions>() ?? new ConnectorOptions();
        }
        catch (InvalidOperationException e)
        {
            throw new ConnectorStartupException($"configuration: {e.Message}", e);
        }

        if (SettingsValidation.Validate(options, ConnectorOptions.Section) is { Count: > 0 } failures)
        {
            throw new ConnectorStartupException("configuration: " + string.Join("; ", failures));
        }

        if (!string.Equals(options.BindAddress, "localhost", StringComparison.OrdinalIgnoreCase) && !IPAddress.TryParse(options.BindAddress, out _))
        {
            throw new ConnectorStartupException($"configuration: Connector:BindAddress '{options.BindAddress}' is not an IP address (or 'localhost')");
        }

        return options;
    }

    private static void PrepareDataDirectory(string path)
    {
        try
        {
            // State, keys and secrets live here: owner-only, and files left with looser modes are tightened.
            PrivateFiles.CreateFolder(path);
            PrivateFiles.RestrictTree(path);
            var probe = Path.Combine(path, ".write-probe");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConnectorStartupException($"data folder {path} is not writable: {e.Message}", e);
        }
    }

    private static void WriteBanner(WebApplication app, ConnectorOptions options, ManagementApiKey apiKey, PluginRegistry plugins, TextWriter output)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "?";
        var instance = app.Services.GetRequiredService<ConnectorInstance>();
        var loaded = plugins.Plugins.Where(p => p.Status == PluginStatus.Loaded).Select(p => $"{p.Id} {p.Manifest!.Version}").ToList();
        var failed = plugins.Plugins.Where(p => p.Status == PluginStatus.Failed).Select(p => $"{p.Id}: {p.Error}").ToList();
        output.WriteLine($"Dataspace connector {ConnectorInstance.Version} ready at {address} (participant {instance.ParticipantId})");
        output.WriteLine($"  DSP endpoint:   {app.Services.GetRequiredService<DspEndpointsInfo>().DspUrl} (other connectors reach this one here: dataspace catalog --from URL)");
        output.WriteLine($"  Management API: {address}{ManagementEndpoints.BasePath} (header {ManagementApiKey.HeaderName})");
        output.WriteLine($"  API reference:  {address}{ManagementEndpoints.ApiReferencePath}");
        output.WriteLine($"  Health:         {address}/health/ready");
        if (app.Services.GetService<Microsoft.Extensions.Options.IOptions<PortalOptions>>()?.Value is { Enabled: true } portal)
        {
            output.WriteLine($"  Portal:         {address}{portal.PathBase.TrimEnd('/')}/ (sign in with the management API key)");
        }

        output.WriteLine($"  Data folder:    {options.DataDirectoryFullPath}");
        if (app.Services.GetService<Microsoft.Extensions.Options.IOptions<Dataspace.Sdk.Egress.EgressOptions>>()?.Value is { } egress)
        {
            output.WriteLine($"  Egress:         {Dataspace.Connector.Egress.ConnectorEgressExtensions.Describe(egress)}");
        }

        output.WriteLine($"  Plugins:        {(loaded.Count == 0 ? "none" : string.Join(", ", loaded))} (from {options.PluginsDirectoryFullPath})");
        foreach (var f in failed)
        {
            output.WriteLine($"  Skipped faulty plugin {f}");
        }

        if (apiKey.GeneratedValue is { } generated)
        {
            var when = apiKey.WasGenerated ? "generated now" : "generated by an earlier start that did not get this far";
            output.WriteLine($"  Management API key ({when} and shown only once; kept in {apiKey.FilePath}): {generated}");
        }

        output.Flush();
        apiKey.MarkAnnounced();
    }
}

using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Dataspace.Benchmarks.Transfer;
using Dataspace.Plugins.Storage.FileSystem;
using Dataspace.Plugins.Transport.Http;
using Dataspace.Sdk.Plugins;
using Dataspace.Sdk.Transfer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

// Pull throughput of a 1 GiB file through the HttpData-PULL endpoint (plugin + filesystem source, allow-all guard),
// as a ratio to the same file from a bare Kestrel static-file endpoint in the same process, and the process's peak
// working set (it must stay flat: the data plane streams). Targets: ratio >= 0.8, peak working set < 200 MB.
// Run: dotnet run -c Release --project benchmarks/Dataspace.Benchmarks.Transfer [-- <MiB> <runs>]
var mebibytes = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1024;
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
var folder = Directory.CreateTempSubdirectory("transfer-bench-");
try
{
    var file = Path.Combine(folder.FullName, "files", "payload.bin");
    Directory.CreateDirectory(Path.GetDirectoryName(file)!);
    await WriteFileAsync(file, mebibytes);
    var size = new FileInfo(file).Length;
    var source = DataAddress.Create(DataAddressTypes.FileSystem, ("path", "payload.bin"));

    await using var pull = await StartPullServerAsync(folder.FullName, source);
    await using var bare = await StartStaticServerAsync(Path.GetDirectoryName(file)!);
    var channel = pull.Services.GetServices<ITransferChannel>().Single(c => c.TransferType == TransferTypes.HttpPull);
    var started = await channel.StartAsync(
        new TransferStartContext { TransferId = "bench-1", AgreementId = "agreement-1", ConsumerId = "did:web:bench", AssetId = "asset-1", Source = source, PublicBaseUrl = new Uri(Address(pull)) },
        CancellationToken.None);
    var endpoint = new Uri(started.ConsumerAddress!.GetProperty("endpoint")!);
    var token = started.ConsumerAddress.GetProperty("authorization")!;
    var staticUrl = new Uri(Address(bare) + "/payload.bin");

    using var http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None }) { Timeout = TimeSpan.FromMinutes(10) };
    Console.WriteLine($"file: {size / (1024.0 * 1024):F0} MiB, {runs} timed downloads each after one warm-up, alternating");
    await DownloadAsync(http, staticUrl, null, size);
    await DownloadAsync(http, endpoint, token, size);
    var staticTimes = new List<double>();
    var pullTimes = new List<double>();
    for (var i = 0; i < runs; i++)
    {
        staticTimes.Add(await DownloadAsync(http, staticUrl, null, size));
        pullTimes.Add(await DownloadAsync(http, endpoint, token, size));
        Console.WriteLine($"  run {i + 1}: static {Rate(size, staticTimes[^1]):F0} MiB/s, pull {Rate(size, pullTimes[^1]):F0} MiB/s");
    }

    // The median run of each, so one disturbed run (other work on a shared machine) does not decide the ratio.
    var staticRate = Rate(size, Median(staticTimes));
    var pullRate = Rate(size, Median(pullTimes));
    var ratio = pullRate / staticRate;
    var peak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024);
    Console.WriteLine($"static-file endpoint: {staticRate:F0} MiB/s (median)");
    Console.WriteLine($"pull endpoint:        {pullRate:F0} MiB/s (median)");
    Console.WriteLine($"ratio pull/static:    {ratio:F2} (target >= 0.80) {(ratio >= 0.8 ? "met" : "NOT met")}");
    Console.WriteLine($"peak working set:     {peak:F0} MB for a {size / (1024.0 * 1024):F0} MiB file (target < 200 MB) {(peak < 200 ? "met" : "NOT met")}");
    return ratio >= 0.8 && peak < 200 ? 0 : 1;
}
finally
{
    folder.Delete(recursive: true);
}

static async Task WriteFileAsync(string path, int mebibytes)
{
    var block = RandomNumberGenerator.GetBytes(1024 * 1024);
    await using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous);
    for (var i = 0; i < mebibytes; i++)
    {
        block[0] = (byte)i;
        await stream.WriteAsync(block);
    }
}

static async Task<WebApplication> StartPullServerAsync(string root, DataAddress source)
{
    var builder = Server();
    var services = builder.Services;
    new FileSystemPlugin().ConfigureServices(Context(services, "dataspace.storage.filesystem", "Plugins:FileSystem", new() { ["RootPath"] = Path.Combine(root, "files") }, Path.Combine(root, "fs")));
    new HttpTransportPlugin().ConfigureServices(Context(services, "dataspace.transport.http", "Plugins:Http", [], Path.Combine(root, "http")));
    services.AddSingleton<IDataAccessGuard>(new AllowAllGuard(source));
    services.AddSingleton<ITransferEvents>(new NoTransferEvents());
    var app = builder.Build();
    await app.StartAsync();
    return app;
}

static async Task<WebApplication> StartStaticServerAsync(string folder)
{
    var app = Server().Build();
    app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(folder), ServeUnknownFileTypes = true });
    await app.StartAsync();
    return app;
}

static WebApplicationBuilder Server()
{
    var builder = WebApplication.CreateSlimBuilder();
    builder.Logging.ClearProviders();
    builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
    return builder;
}

static PluginContext Context(IServiceCollection services, string id, string section, Dictionary<string, string?> settings, string data) => new(
    services,
    new ConfigurationBuilder().AddInMemoryCollection(settings).Build(),
    new PluginManifest { Id = id, Version = "1.0.0", Kinds = [PluginKinds.Transport], SdkVersion = "[1.0,2.0)", Assembly = id + ".dll", ConfigurationSection = section },
    data);

static string Address(WebApplication app) =>
    app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

static async Task<double> DownloadAsync(HttpClient http, Uri url, string? token, long expected)
{
    using var request = new HttpRequestMessage(HttpMethod.Get, url);
    if (token is not null)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    var clock = Stopwatch.StartNew();
    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    response.EnsureSuccessStatusCode();
    await using var body = await response.Content.ReadAsStreamAsync();
    var buffer = ArrayPool<byte>.Shared.Rent(128 * 1024);
    long total = 0;
    int read;
    while ((read = await body.ReadAsync(buffer)) > 0)
    {
        total += read;
    }

    ArrayPool<byte>.Shared.Return(buffer);
    clock.Stop();
    if (total != expected)
    {
        throw new InvalidOperationException($"{url} delivered {total} bytes, expected {expected}");
    }

    return clock.Elapsed.TotalSeconds;
}

static double Rate(long bytes, double seconds) => bytes / (1024.0 * 1024) / seconds;

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted[sorted.Count / 2];
}

using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

// Cold start-up of `dataspace run` with the default (bundled) plugins: a new process and an empty data folder each
// time, measured from process start to the first 200 from /health/ready. Run: dotnet run -c Release --project benchmarks/Dataspace.Benchmarks.Startup
const int Runs = 10;
var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : Runs;
var cli = Path.Combine(AppContext.BaseDirectory, "dataspace.dll");
var readyLine = new Regex(@"ready at (http://\S+)");
var timings = new List<double>();
using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

for (var i = 0; i < runs; i++)
{
    var data = Directory.CreateTempSubdirectory("startup-bench-");
    var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    foreach (var a in new[] { cli, "run", "--port", "0", "--data-dir", data.FullName })
    {
        start.ArgumentList.Add(a);
    }

    start.Environment["Logging__LogLevel__Default"] = "Warning";
    var address = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
    var clock = Stopwatch.StartNew();
    using var process = Process.Start(start)!;
    process.OutputDataReceived += (_, e) =>
    {
        if (e.Data is not null && readyLine.Match(e.Data) is { Success: true } m)
        {
            address.TrySetResult(m.Groups[1].Value);
        }
    };
    process.ErrorDataReceived += (_, _) => { };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();

    var url = await address.Task.WaitAsync(TimeSpan.FromSeconds(60));
    while (true)
    {
        using var response = await http.GetAsync(url + "/health/ready");
        if (response.IsSuccessStatusCode)
        {
            break;
        }
    }

    clock.Stop();
    timings.Add(clock.Elapsed.TotalMilliseconds);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {i + 1,2}: {clock.Elapsed.TotalMilliseconds,7:0} ms to ready"));
    process.Kill(entireProcessTree: true);
    await process.WaitForExitAsync();
    data.Delete(recursive: true);
}

timings.Sort();
var median = timings.Count % 2 == 1 ? timings[timings.Count / 2] : (timings[timings.Count / 2 - 1] + timings[timings.Count / 2]) / 2;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"cold start to ready, {timings.Count} runs: median {median:0} ms, min {timings[0]:0} ms, max {timings[^1]:0} ms (target < 2000 ms; ratio to target {median / 2000:0.00})"));
return median < 2000 ? 0 : 1;

using System.Text;
using System.Text.RegularExpressions;
using Dataspace.Conformance.Reports;

namespace Dataspace.Conformance.Tests.Reports;

public sealed partial class HtmlReportWriterTests
{
    [Fact]
    public async Task Page_ShowsEveryCheckWithWhatItVerifiesItsOutcomeReasonAndExchanges()
    {
        var html = await WriteAsync(await SampleRuns.MixedAsync());

        Assert.Contains("NOT PASSED", html, StringComparison.Ordinal);
        foreach (var id in new[] { "MET:01-01", "CAT:01-01", "ROB:01" })
        {
            Assert.Contains($"<code>{id}</code>", html, StringComparison.Ordinal);
            Assert.Contains($"what {id} verifies, with &lt;markup&gt; &amp; &quot;quotes&quot;", html, StringComparison.Ordinal);
        }

        Assert.Contains("the target answered 500 to &lt;CatalogRequestMessage&gt; &amp; &quot;quoted&quot;", html, StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException: the counter-party could not listen", html, StringComparison.Ordinal);
        Assert.Contains("<code>GET http://127.0.0.1:9/.well-known/dspace-version</code> &rarr; 200", html, StringComparison.Ordinal);
        Assert.Contains("&quot;protocolVersions&quot;", html, StringComparison.Ordinal);
        Assert.Contains("<details>", html, StringComparison.Ordinal);
        Assert.Contains("sha256:", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_EscapesWhatTheTargetSentAndLoadsNothingFromOutside()
    {
        var html = await WriteAsync(await SampleRuns.MixedAsync());

        // The exchange body carried a script: it is shown as text, never run.
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Empty(ExternalReference().Matches(html));
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Page_OfAFullPassSaysPassed()
    {
        var html = await WriteAsync(await SampleRuns.RunAsync(new SampleCheck("MET:01-01", ConformanceProfiles.Dsp, _ => Task.CompletedTask)));
        Assert.Contains(">PASSED: 1 of 1 checks passed, 0 failed, 0 could not run<", html, StringComparison.Ordinal);
    }

    private static async Task<string> WriteAsync(ConformanceRunResult run)
    {
        using var stream = new MemoryStream();
        await HtmlReportWriter.WriteAsync(run, ConformanceReportWriter.Digest(run), stream, CancellationToken.None);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    // Any attribute that would make the browser fetch something.
    [GeneratedRegex(@"\b(src|href|action|srcset)\s*=\s*""(?!#)", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();
}

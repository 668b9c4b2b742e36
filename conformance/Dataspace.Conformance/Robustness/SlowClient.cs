using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Dataspace.Conformance;

/// <summary>
/// A client that announces a contract request and trickles its body at 5 bytes per second on a raw connection, so the
/// suite sees exactly when the target answers or drops it (an HTTP client would hide an early answer).
/// </summary>
internal static class SlowClient
{
    public static async Task RunAsync(DspCounterParty party, CancellationToken cancellationToken)
    {
        var configuration = party.Context.Configuration;
        var timeout = TimeSpan.FromSeconds(configuration.GetInt(DspConfigurationKeys.SlowClientTimeout, 30));
        var url = new Uri(party.ProtocolUrl + "/negotiations/request");
        var body = Encoding.UTF8.GetBytes(DspMessages.ContractRequest("urn:uuid:" + Guid.NewGuid(), configuration.Get("CN_02_02_OFFERID"),
            configuration.Get("CN_02_02_DATASETID"), party.CallbackAddress).ToJsonString());
        var at = party.Context.TimeProvider.GetUtcNow();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);

        using var client = new TcpClient();
        await client.ConnectAsync(url.Host, url.Port, limit.Token).ConfigureAwait(false);
        Stream stream = client.GetStream();
        if (url.Scheme == Uri.UriSchemeHttps)
        {
            var tls = new SslStream(stream);
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = url.Host }, limit.Token).ConfigureAwait(false);
            stream = tls;
        }

        await using (stream.ConfigureAwait(false))
        {
            var head = new StringBuilder()
                .Append(CultureInfo.InvariantCulture, $"POST {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nContent-Type: application/json\r\n")
                .Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
            if (configuration.Find(DspConfigurationKeys.Authorization) is { } authorization)
            {
                head.Append(CultureInfo.InvariantCulture, $"Authorization: {authorization}\r\n");
            }

            await stream.WriteAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()), limit.Token).ConfigureAwait(false);
            var answer = ReadStatusAsync(stream, limit.Token);
            var outcome = await TrickleAsync(stream, body, answer, party.Context.TimeProvider, limit.Token).ConfigureAwait(false);
            party.Context.Record(new RecordedExchange("sent", "POST", url.ToString(), outcome.Status, $"({body.Length} bytes trickled at 5 bytes/s; {outcome.Sent} sent)", outcome.Line, at));
            Expect.That(!outcome.TimedOut,
                $"the target neither answered nor dropped a request whose body trickled in at 5 bytes/s within {timeout.TotalSeconds:0} s ({outcome.Sent} of {body.Length} bytes sent); it waits for slow clients without limit");
            Expect.That(outcome.Status is null or < 500, $"the target answered the trickled request with {outcome.Line}; expected a 4xx (408 or 400) or a closed connection");
        }
    }

    private sealed record Outcome(int? Status, string? Line, int Sent, bool TimedOut);

    private static async Task<Outcome> TrickleAsync(Stream stream, byte[] body, Task<string?> answer, TimeProvider time, CancellationToken cancellationToken)
    {
        var sent = 0;
        try
        {
            while (sent < body.Length && !answer.IsCompleted)
            {
                await stream.WriteAsync(body.AsMemory(sent, 1), cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                sent++;
                await Task.WhenAny(answer, Task.Delay(TimeSpan.FromMilliseconds(200), time, cancellationToken)).ConfigureAwait(false);
            }

            var line = await answer.WaitAsync(cancellationToken).ConfigureAwait(false);
            return new Outcome(ParseStatus(line), line ?? "the connection closed", sent, false);
        }
        catch (OperationCanceledException)
        {
            return new Outcome(null, null, sent, true);
        }
        catch (IOException)
        {
            // The target dropped the connection while the body trickled: cut off, in time.
            var line = answer.IsCompletedSuccessfully ? answer.Result : null;
            return new Outcome(ParseStatus(line), line ?? "the connection closed", sent, false);
        }
    }

    /// <summary>The status line of the target's answer, or null when it closes the connection without one.</summary>
    private static async Task<string?> ReadStatusAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[1024];
        var received = new StringBuilder();
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return received.Length == 0 ? null : received.ToString().Split("\r\n")[0];
                }

                received.Append(Encoding.ASCII.GetString(buffer, 0, read));
                if (received.ToString().Contains("\r\n", StringComparison.Ordinal))
                {
                    return received.ToString().Split("\r\n")[0];
                }
            }
        }
        catch (IOException)
        {
            return received.Length == 0 ? null : received.ToString().Split("\r\n")[0];
        }
    }

    private static int? ParseStatus(string? line) =>
        line?.Split(' ') is [_, var code, ..] && int.TryParse(code, NumberStyles.Integer, CultureInfo.InvariantCulture, out var status) ? status : null;
}

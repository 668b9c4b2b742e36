using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Dataspace.Plugins.Compute.Kuscia.Api;
using Dataspace.Sdk.Egress;

namespace Dataspace.Plugins.Compute.Kuscia;

/// <summary>
/// A typed client of KusciaAPI's HTTP gateway (<c>/api/v1/...</c>): the token in the <c>Token</c> header, an optional
/// client certificate for mutual TLS, every answer bounded in size and checked before use.
/// </summary>
/// <remarks>Called concurrently. Connections go only where the connector's egress policy allows.</remarks>
internal sealed class KusciaClient : IDisposable
{
    private const string TokenHeader = "Token";
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;
    private readonly KusciaOptions _options;

    public KusciaClient(KusciaOptions options, IEgressPolicy egress)
    {
        _options = options;
        ArgumentNullException.ThrowIfNull(egress);
        var handler = egress.CreateHandler();
        handler.ConnectTimeout = options.Timeout;
        handler.SslOptions = CreateTls(options);
        // The watch stream lives for as long as the job runs: each call bounds itself with the caller's token and a timer.
        _http = new HttpClient(handler, disposeHandler: true) { BaseAddress = options.Endpoint, Timeout = Timeout.InfiniteTimeSpan };
    }

    public Task<JobIdData> CreateJobAsync(CreateJobRequest request, CancellationToken cancellationToken) =>
        PostAsync("api/v1/job/create", request, KusciaJsonContext.Default.CreateJobRequest, KusciaJsonContext.Default.KusciaResponseJobIdData, cancellationToken);

    public Task<QueryJobData> QueryJobAsync(string jobId, CancellationToken cancellationToken) =>
        PostAsync("api/v1/job/query", new JobIdRequest { JobId = jobId }, KusciaJsonContext.Default.JobIdRequest, KusciaJsonContext.Default.KusciaResponseQueryJobData, cancellationToken);

    public Task<JobIdData> ApproveJobAsync(string jobId, bool accept, string? reason, CancellationToken cancellationToken) =>
        PostAsync("api/v1/job/approve", new ApproveJobRequest { JobId = jobId, Result = accept ? 1 : 2, Reason = reason }, KusciaJsonContext.Default.ApproveJobRequest, KusciaJsonContext.Default.KusciaResponseJobIdData, cancellationToken);

    public Task<JobIdData> StopJobAsync(string jobId, string? reason, CancellationToken cancellationToken) => JobActionAsync("stop", jobId, reason, cancellationToken);

    public Task<JobIdData> SuspendJobAsync(string jobId, string? reason, CancellationToken cancellationToken) => JobActionAsync("suspend", jobId, reason, cancellationToken);

    public Task<JobIdData> RestartJobAsync(string jobId, string? reason, CancellationToken cancellationToken) => JobActionAsync("restart", jobId, reason, cancellationToken);

    public Task<JobIdData> DeleteJobAsync(string jobId, CancellationToken cancellationToken) =>
        PostAsync("api/v1/job/delete", new JobIdRequest { JobId = jobId }, KusciaJsonContext.Default.JobIdRequest, KusciaJsonContext.Default.KusciaResponseJobIdData, cancellationToken);

    public Task<GrantIdData> CreateGrantAsync(CreateGrantRequest request, CancellationToken cancellationToken) =>
        PostAsync("api/v1/domaindatagrant/create", request, KusciaJsonContext.Default.CreateGrantRequest, KusciaJsonContext.Default.KusciaResponseGrantIdData, cancellationToken);

    public Task<DomainDataGrant> QueryGrantAsync(string domainId, string grantId, CancellationToken cancellationToken) =>
        PostAsync("api/v1/domaindatagrant/query", new GrantIdRequest { DomainId = domainId, DomaindatagrantId = grantId }, KusciaJsonContext.Default.GrantIdRequest, KusciaJsonContext.Default.KusciaResponseDomainDataGrant, cancellationToken);

    public Task DeleteGrantAsync(string domainId, string grantId, CancellationToken cancellationToken) =>
        PostAsync("api/v1/domaindatagrant/delete", new GrantIdRequest { DomainId = domainId, DomaindatagrantId = grantId }, KusciaJsonContext.Default.GrantIdRequest, KusciaJsonContext.Default.KusciaResponseObject, cancellationToken, dataRequired: false);

    public Task<KusciaDomainData> QueryDomainDataAsync(string domainId, string domainDataId, CancellationToken cancellationToken) =>
        PostAsync("api/v1/domaindata/query", new QueryDomainDataRequest { Data = new DomainDataKey { DomainId = domainId, DomaindataId = domainDataId } }, KusciaJsonContext.Default.QueryDomainDataRequest, KusciaJsonContext.Default.KusciaResponseKusciaDomainData, cancellationToken);

    /// <summary>Kuscia's job events (every job of the domain, heartbeats included) until the stream ends or the token is cancelled.</summary>
    public async IAsyncEnumerable<WatchJobEvent> WatchJobsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = CreateRequest("api/v1/job/watch", new WatchJobRequest { TimeoutSeconds = 0 }, KusciaJsonContext.Default.WatchJobRequest);
        HttpResponseMessage response;
        using (var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            connect.CancelAfter(_options.Timeout);
            response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, connect.Token, cancellationToken).ConfigureAwait(false);
        }

        using (response)
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var frames = new WatchFrameReader(body, _options.MaxResponseBytes);
            while (true)
            {
                byte[]? frame;
                try
                {
                    frame = await frames.ReadAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
                {
                    throw new KusciaException(KusciaFailure.Unavailable, "the KusciaAPI watch stream broke", inner: e);
                }

                if (frame is null)
                {
                    yield break;
                }

                WatchJobEvent? watchEvent;
                try
                {
                    watchEvent = JsonSerializer.Deserialize(frame, KusciaJsonContext.Default.WatchJobEvent);
                }
                catch (JsonException e)
                {
                    throw new KusciaException(KusciaFailure.Malformed, "KusciaAPI's watch event is not a WatchJobEventResponse", detail: e.Message, inner: e);
                }

                if (watchEvent is null || watchEvent.Type is < 0 or > 4)
                {
                    throw new KusciaException(KusciaFailure.Malformed, "KusciaAPI's watch event has no known type (expected 0 to 4)");
                }

                yield return watchEvent;
            }
        }
    }

    public void Dispose() => _http.Dispose();

    private Task<JobIdData> JobActionAsync(string action, string jobId, string? reason, CancellationToken cancellationToken) =>
        PostAsync($"api/v1/job/{action}", new JobReasonRequest { JobId = jobId, Reason = reason }, KusciaJsonContext.Default.JobReasonRequest, KusciaJsonContext.Default.KusciaResponseJobIdData, cancellationToken);

    private async Task<TData> PostAsync<TRequest, TData>(
        string path, TRequest body, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<KusciaResponse<TData>> responseType, CancellationToken cancellationToken, bool dataRequired = true)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        using var request = CreateRequest(path, body, requestType);
        using var response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token, cancellationToken).ConfigureAwait(false);
        byte[] bytes;
        try
        {
            bytes = await ReadBoundedAsync(response.Content, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new KusciaException(KusciaFailure.Unavailable, $"KusciaAPI did not answer {path} in time", inner: e);
        }

        KusciaResponse<TData>? answer;
        try
        {
            answer = JsonSerializer.Deserialize(bytes, responseType);
        }
        catch (JsonException e)
        {
            throw new KusciaException(KusciaFailure.Malformed, $"KusciaAPI's answer to {path} is not JSON of the expected shape", detail: e.Message, inner: e);
        }

        if (answer?.Status is not { } status)
        {
            throw new KusciaException(KusciaFailure.Malformed, $"KusciaAPI's answer to {path} has no status");
        }

        if (status.Code != 0)
        {
            throw new KusciaException(KusciaFailure.Refused, $"KusciaAPI refused {path} (code {status.Code})", status.Code, status.Message);
        }

        if (dataRequired && answer.Data is null)
        {
            throw new KusciaException(KusciaFailure.Malformed, $"KusciaAPI's answer to {path} has no data");
        }

        return answer.Data!;
    }

    private HttpRequestMessage CreateRequest<TRequest>(string path, TRequest body, JsonTypeInfo<TRequest> type)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, type)) { Headers = { ContentType = Json } },
        };
        request.Headers.TryAddWithoutValidation(TokenHeader, _options.Token);
        return request;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken timeout, CancellationToken caller)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, timeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e.IsEgressRefusal())
        {
            throw new KusciaException(KusciaFailure.Unavailable, "the connector's egress policy does not allow KusciaAPI's address (allow it under Connector:Egress)", inner: e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException && !caller.IsCancellationRequested)
        {
            throw new KusciaException(KusciaFailure.Unavailable, $"KusciaAPI could not be reached at {request.RequestUri}", detail: e.Message, inner: e);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        response.Dispose();
        throw response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new KusciaException(KusciaFailure.Unauthorized, $"KusciaAPI refused this connector's token or certificate (HTTP {(int)response.StatusCode}); check Plugins:ComputeKuscia:Token"),
            >= HttpStatusCode.InternalServerError => new KusciaException(KusciaFailure.Unavailable, $"KusciaAPI failed (HTTP {(int)response.StatusCode})"),
            _ => new KusciaException(KusciaFailure.Malformed, $"KusciaAPI answered HTTP {(int)response.StatusCode} to {request.RequestUri}"),
        };
    }

    private async Task<byte[]> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var max = _options.MaxResponseBytes;
        if (content.Headers.ContentLength > max)
        {
            throw new KusciaException(KusciaFailure.Malformed, $"KusciaAPI's answer is larger than {max} bytes");
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > max)
            {
                throw new KusciaException(KusciaFailure.Malformed, $"KusciaAPI's answer is larger than {max} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static SslClientAuthenticationOptions CreateTls(KusciaOptions options)
    {
        var tls = new SslClientAuthenticationOptions();
        if (options.ClientCertificatePath is { } certificatePath)
        {
            var certificate = options.ClientKeyPath is { } keyPath
                ? X509Certificate2.CreateFromPemFile(certificatePath, keyPath)
                : X509CertificateLoader.LoadPkcs12FromFile(certificatePath, password: null);
            tls.ClientCertificates = [certificate];
        }

        if (options.CaCertificatePath is { } caPath)
        {
            // Kuscia issues KusciaAPI's server certificate from its own CA (var/certs/ca.crt): trust that CA alone.
            var ca = X509CertificateLoader.LoadCertificateFromFile(caPath);
            tls.CertificateChainPolicy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, CustomTrustStore = { ca }, RevocationMode = X509RevocationMode.NoCheck };
        }

        return tls;
    }
}

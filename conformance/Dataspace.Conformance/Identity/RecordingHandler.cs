namespace Dataspace.Conformance.Identity;

/// <summary>Records every request the suite sends and the target's answer in the check's exchange log.</summary>
internal sealed class RecordingHandler : DelegatingHandler
{
    private const int MaxRecordedChars = 64 * 1024;
    private readonly CheckContext _context;

    public RecordingHandler(CheckContext context, HttpMessageHandler inner) : base(inner) => _context = context;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var at = _context.TimeProvider.GetUtcNow();
        var requestBody = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            _context.Record(new RecordedExchange("sent", request.Method.Method, request.RequestUri?.ToString() ?? "", null, Truncate(requestBody), e.Message, at));
            throw;
        }

        // Buffered so both the log and the caller can read it; data-plane downloads in the suite are small fixtures.
        await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        var responseBody = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        _context.Record(new RecordedExchange("sent", request.Method.Method, request.RequestUri?.ToString() ?? "", (int)response.StatusCode, Truncate(requestBody), Truncate(responseBody), at));
        return response;
    }

    internal static string? Truncate(string? text) => text is null || text.Length <= MaxRecordedChars ? text : text[..MaxRecordedChars] + "…";
}

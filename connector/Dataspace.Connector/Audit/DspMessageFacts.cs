using System.Text.Json;

namespace Dataspace.Connector.Audit;

/// <summary>What the audit log keeps of a DSP message: its digest and length, and the top-level ids that say which process it belongs to.</summary>
internal sealed record DspMessageFacts
{
    /// <summary>A GET or a request without a body.</summary>
    public static readonly DspMessageFacts None = new();

    public string? Digest { get; init; }

    public long? Length { get; init; }

    public string? MessageType { get; init; }

    public string? ProviderPid { get; init; }

    public string? ConsumerPid { get; init; }

    public string? AgreementId { get; init; }

    /// <summary>
    /// The facts of a message body: its digest always, and the top-level <c>@type</c>, <c>providerPid</c>,
    /// <c>consumerPid</c> and <c>agreementId</c> when the body is a JSON object that has them (a malformed body is still
    /// recorded, by its digest alone).
    /// </summary>
    public static DspMessageFacts Of(ReadOnlySpan<byte> body)
    {
        string? type = null, provider = null, consumer = null, agreement = null;
        try
        {
            var reader = new Utf8JsonReader(body);
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString();
                    if (!reader.Read())
                    {
                        break;
                    }

                    if (reader.TokenType == JsonTokenType.String)
                    {
                        var value = reader.GetString();
                        switch (name)
                        {
                            case "@type" or "type": type ??= value; break;
                            case "providerPid": provider ??= value; break;
                            case "consumerPid": consumer ??= value; break;
                            case "agreementId": agreement ??= value; break;
                        }
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Only the digest then: the message's own reader reports what is wrong with it.
        }

        return new DspMessageFacts
        {
            Digest = AuditRecords.Digest(body),
            Length = body.Length,
            MessageType = Bounded(type),
            ProviderPid = Bounded(provider),
            ConsumerPid = Bounded(consumer),
            AgreementId = Bounded(agreement),
        };
    }

    // A peer chooses these strings: an entry keeps at most a short id's worth of each.
    private static string? Bounded(string? value) => value is { Length: > 256 } ? value[..256] : value;
}

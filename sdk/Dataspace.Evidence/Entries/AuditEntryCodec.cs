using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataspace.Sdk.Audit;

namespace Dataspace.Evidence.Entries;

/// <summary>
/// Writes and reads the leaf data of an audit entry: the UTF-8 JSON object
/// <c>{ "type", "time", "actor"?, "counterParty"?, "processId"?, "agreementId"?, "digest"?, "details"? }</c>.
/// </summary>
/// <remarks>
/// The bytes are written once and stored as they are: the leaf hash is over those bytes, so a log never re-serializes an
/// entry. Members are written in the order above, absent ones omitted, the time in RFC 3339 UTC with the fractional
/// seconds trimmed. Reading is strict (no unknown or duplicate members, no other types), so one record has one encoding.
/// </remarks>
public static class AuditEntryCodec
{
    /// <summary>The largest entry the codec reads (1 MiB): entries hold digests and metadata, never payloads.</summary>
    public const int MaxEntryBytes = 1 << 20;

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = false };

    /// <summary>The leaf data of <paramref name="record"/> appended at <paramref name="time"/>.</summary>
    /// <exception cref="ArgumentException">The record has no type, or its encoding would exceed <see cref="MaxEntryBytes"/>.</exception>
    public static byte[] Encode(AuditRecord record, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (string.IsNullOrEmpty(record.Type))
        {
            throw new ArgumentException("An audit record needs a type.", nameof(record));
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("type", record.Type);
            writer.WriteString("time", FormatTime(time));
            WriteOptional(writer, "actor", record.Actor);
            WriteOptional(writer, "counterParty", record.CounterParty);
            WriteOptional(writer, "processId", record.ProcessId);
            WriteOptional(writer, "agreementId", record.AgreementId);
            WriteOptional(writer, "digest", record.Digest);
            if (record.Details is not null)
            {
                writer.WritePropertyName("details");
                record.Details.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        if (buffer.WrittenCount > MaxEntryBytes)
        {
            throw new ArgumentException($"The audit record encodes to {buffer.WrittenCount} bytes; at most {MaxEntryBytes} are allowed (details hold digests, not data).", nameof(record));
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads leaf data written by <see cref="Encode"/>.</summary>
    /// <exception cref="FormatException">The data is not a well-formed audit entry; the message says what is wrong.</exception>
    public static (AuditRecord Record, DateTimeOffset Time) Decode(ReadOnlySpan<byte> data) =>
        TryDecode(data, out var record, out var time, out var reason) ? (record, time) : throw new FormatException(reason);

    /// <summary>Reads leaf data written by <see cref="Encode"/>; false with a reason when it is not a well-formed audit entry.</summary>
    public static bool TryDecode(
        ReadOnlySpan<byte> data,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out AuditRecord? record,
        out DateTimeOffset time,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? reason)
    {
        record = null;
        time = default;
        if (data.Length > MaxEntryBytes)
        {
            reason = $"the entry is {data.Length} bytes; at most {MaxEntryBytes} are allowed";
            return false;
        }

        if (!System.Text.Unicode.Utf8.IsValid(data))
        {
            // JsonDocument would accept invalid UTF-8 inside strings and fail later when reading them.
            reason = "the entry is not valid UTF-8";
            return false;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(data.ToArray(), new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            reason = $"the entry is not valid UTF-8 JSON: {e.Message}";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                reason = "an audit entry must be a JSON object";
                return false;
            }

            string? type = null, timeText = null, actor = null, counterParty = null, processId = null, agreementId = null, digest = null;
            JsonObject? details = null;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var member in root.EnumerateObject())
            {
                if (!seen.Add(member.Name))
                {
                    reason = $"the entry has the member '{member.Name}' twice";
                    return false;
                }

                if (member.Name == "details")
                {
                    if (member.Value.ValueKind != JsonValueKind.Object)
                    {
                        reason = "'details' must be a JSON object";
                        return false;
                    }

                    details = JsonObject.Create(member.Value.Clone());
                    continue;
                }

                if (member.Value.ValueKind != JsonValueKind.String)
                {
                    reason = IsKnown(member.Name)
                        ? $"'{member.Name}' must be a string"
                        : $"unknown member '{member.Name}'; expected type, time, actor, counterParty, processId, agreementId, digest, details";
                    return false;
                }

                var value = member.Value.GetString()!;
                switch (member.Name)
                {
                    case "type": type = value; break;
                    case "time": timeText = value; break;
                    case "actor": actor = value; break;
                    case "counterParty": counterParty = value; break;
                    case "processId": processId = value; break;
                    case "agreementId": agreementId = value; break;
                    case "digest": digest = value; break;
                    default:
                        reason = $"unknown member '{member.Name}'; expected type, time, actor, counterParty, processId, agreementId, digest, details";
                        return false;
                }
            }

            if (string.IsNullOrEmpty(type))
            {
                reason = "the entry has no 'type'";
                return false;
            }

            if (timeText is null || !DateTimeOffset.TryParseExact(timeText, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time))
            {
                reason = $"the entry's 'time' ('{timeText}') is missing or not an RFC 3339 UTC time such as 2026-01-31T12:00:00.5Z";
                return false;
            }

            record = new AuditRecord
            {
                Type = type,
                Actor = actor,
                CounterParty = counterParty,
                ProcessId = processId,
                AgreementId = agreementId,
                Digest = digest,
                Details = details,
            };
            reason = null;
            return true;
        }
    }

    /// <summary>The time as the codec writes it: RFC 3339 in UTC, fractional seconds without trailing zeros.</summary>
    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    private static bool IsKnown(string name) => name is "type" or "time" or "actor" or "counterParty" or "processId" or "agreementId" or "digest";

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}

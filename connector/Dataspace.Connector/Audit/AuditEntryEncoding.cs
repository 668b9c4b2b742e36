using System.Globalization;
using System.Text.Json;
using Dataspace.Sdk.Audit;

namespace Dataspace.Connector.Audit;

/// <summary>The leaf data of an audit entry: UTF-8 JSON written once and stored as bytes (verification hashes those bytes).</summary>
internal static class AuditEntryEncoding
{
    public static byte[] Encode(AuditRecord record, DateTimeOffset time)
    {
        using var buffer = new MemoryStream(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", record.Type);
            writer.WriteString("time", time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
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

        return buffer.ToArray();
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}

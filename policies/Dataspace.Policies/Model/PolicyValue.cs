using System.Globalization;
using System.Text;
using System.Xml;

namespace Dataspace.Policies.Model;

/// <summary>A typed value: a right operand, or a left operand's observed value.</summary>
/// <remarks>A struct so that observing built-in left operands allocates nothing on the evaluation path.</remarks>
public readonly struct PolicyValue : IEquatable<PolicyValue>
{
    private PolicyValue(PolicyValueKind kind, decimal number, long ticks, string? text, PolicyValue[]? items)
    {
        Kind = kind;
        Number = number;
        Ticks = ticks;
        Text = text;
        ItemArray = items;
    }

    /// <summary>The value's type.</summary>
    public PolicyValueKind Kind { get; }

    /// <summary>The number, for <see cref="PolicyValueKind.Number"/>; 1 or 0 for <see cref="PolicyValueKind.Boolean"/>.</summary>
    public decimal Number { get; }

    /// <summary>UTC ticks for <see cref="PolicyValueKind.DateTime"/>; duration ticks for <see cref="PolicyValueKind.Duration"/>.</summary>
    public long Ticks { get; }

    /// <summary>The text, for <see cref="PolicyValueKind.Text"/> and <see cref="PolicyValueKind.Iri"/>.</summary>
    public string? Text { get; }

    private PolicyValue[]? ItemArray { get; }

    /// <summary>The members, for <see cref="PolicyValueKind.Set"/>; empty otherwise.</summary>
    public ReadOnlySpan<PolicyValue> Items => ItemArray;

    /// <summary>Whether a value was observed.</summary>
    public bool HasValue => Kind != PolicyValueKind.None;

    /// <summary>No value.</summary>
    public static PolicyValue None => default;

    /// <summary>A boolean value.</summary>
    public static PolicyValue FromBoolean(bool value) => new(PolicyValueKind.Boolean, value ? 1 : 0, 0, null, null);

    /// <summary>A number.</summary>
    public static PolicyValue FromNumber(decimal value) => new(PolicyValueKind.Number, value, 0, null, null);

    /// <summary>An instant.</summary>
    public static PolicyValue FromDateTime(DateTimeOffset value) => new(PolicyValueKind.DateTime, 0, value.UtcTicks, null, null);

    /// <summary>A duration.</summary>
    public static PolicyValue FromDuration(TimeSpan value) => new(PolicyValueKind.Duration, 0, value.Ticks, null, null);

    /// <summary>A plain string.</summary>
    public static PolicyValue FromString(string value) => new(PolicyValueKind.Text, 0, 0, value, null);

    /// <summary>An IRI or term.</summary>
    public static PolicyValue FromIri(string value) => new(PolicyValueKind.Iri, 0, 0, value, null);

    /// <summary>A set of values.</summary>
    public static PolicyValue FromSet(IEnumerable<PolicyValue> values) => new(PolicyValueKind.Set, 0, 0, null, [.. values]);

    /// <summary>The instant of a <see cref="PolicyValueKind.DateTime"/> value.</summary>
    public DateTimeOffset AsDateTime => new(Ticks, TimeSpan.Zero);

    /// <summary>The duration of a <see cref="PolicyValueKind.Duration"/> value.</summary>
    public TimeSpan AsDuration => new(Ticks);

    /// <summary>Converts a scalar value to <paramref name="kind"/>, parsing strings; <see cref="None"/> if it cannot.</summary>
    public PolicyValue ConvertTo(PolicyValueKind kind)
    {
        if (Kind == kind)
        {
            return this;
        }

        var text = Kind is PolicyValueKind.Text or PolicyValueKind.Iri ? Text : null;
        return kind switch
        {
            PolicyValueKind.Text when Kind is PolicyValueKind.Iri => FromString(Text!),
            PolicyValueKind.Iri when Kind is PolicyValueKind.Text => FromIri(Text!),
            PolicyValueKind.Number when text is not null && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) => FromNumber(n),
            PolicyValueKind.DateTime when text is not null && TryParseDateTime(text, out var d) => FromDateTime(d),
            PolicyValueKind.Duration when text is not null && TryParseDuration(text, out var t) => FromDuration(t),
            PolicyValueKind.Boolean when text is "true" or "false" => FromBoolean(text == "true"),
            _ => None,
        };
    }

    /// <summary>Parses an xsd:dateTime or xsd:date (a date without zone is taken as UTC).</summary>
    public static bool TryParseDateTime(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);

    /// <summary>Parses an xsd:duration such as <c>P30D</c> or <c>PT12H</c> (a year counts 365 days, a month 30).</summary>
    public static bool TryParseDuration(string text, out TimeSpan value)
    {
        value = default;
        if (text.Length < 2 || (text[0] != 'P' && !(text[0] == '-' && text.Length > 2 && text[1] == 'P')))
        {
            return false;
        }

        try
        {
            value = XmlConvert.ToTimeSpan(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    /// <inheritdoc/>
    public bool Equals(PolicyValue other)
    {
        if (Kind != other.Kind)
        {
            return false;
        }

        switch (Kind)
        {
            case PolicyValueKind.None:
                return true;
            case PolicyValueKind.Boolean:
            case PolicyValueKind.Number:
                return Number == other.Number;
            case PolicyValueKind.DateTime:
            case PolicyValueKind.Duration:
                return Ticks == other.Ticks;
            case PolicyValueKind.Text:
            case PolicyValueKind.Iri:
                return string.Equals(Text, other.Text, StringComparison.Ordinal);
            default:
                var mine = Items;
                var theirs = other.Items;
                if (mine.Length != theirs.Length)
                {
                    return false;
                }

                foreach (var item in mine)
                {
                    if (!theirs.Contains(item))
                    {
                        return false;
                    }
                }

                return true;
        }
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is PolicyValue other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Kind switch
    {
        PolicyValueKind.Boolean or PolicyValueKind.Number => HashCode.Combine(Kind, Number),
        PolicyValueKind.DateTime or PolicyValueKind.Duration => HashCode.Combine(Kind, Ticks),
        PolicyValueKind.Text or PolicyValueKind.Iri => HashCode.Combine(Kind, StringComparer.Ordinal.GetHashCode(Text!)),
        _ => HashCode.Combine(Kind, ItemArray?.Length ?? 0),
    };

    /// <summary>Whether two values are equal.</summary>
    public static bool operator ==(PolicyValue left, PolicyValue right) => left.Equals(right);

    /// <summary>Whether two values differ.</summary>
    public static bool operator !=(PolicyValue left, PolicyValue right) => !left.Equals(right);

    /// <summary>The value as shown in compliance reports (ISO 8601 for instants and durations).</summary>
    public override string ToString() => Kind switch
    {
        PolicyValueKind.None => "(none)",
        PolicyValueKind.Boolean => Number != 0 ? "true" : "false",
        PolicyValueKind.Number => Number.ToString(CultureInfo.InvariantCulture),
        PolicyValueKind.DateTime => AsDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        PolicyValueKind.Duration => XmlConvert.ToString(AsDuration),
        PolicyValueKind.Set => FormatSet(),
        _ => Text!,
    };

    private string FormatSet()
    {
        var builder = new StringBuilder("[");
        foreach (var item in Items)
        {
            if (builder.Length > 1)
            {
                builder.Append(", ");
            }

            builder.Append(item.ToString());
        }

        return builder.Append(']').ToString();
    }
}

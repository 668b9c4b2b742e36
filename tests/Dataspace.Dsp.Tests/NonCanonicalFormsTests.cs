using System.Text.Json.Nodes;
using Dataspace.Testing;

namespace Dataspace.Dsp.Tests;

/// <summary>Property test: any JSON-LD-equivalent form of a DSP example reads to the same record as its canonical form.</summary>
public sealed class NonCanonicalFormsTests
{
    private const int VariantsPerExample = 12;
    private readonly DspSerializer _serializer = new();

    [SharedTheory]
    [MemberData(nameof(DspExamples.Names), MemberType = typeof(DspExamples))]
    public async Task ReadAsync_EquivalentNonCanonicalForms_GiveTheCanonicalRecord(string example)
    {
        var json = DspExamples.Bytes(example);
        var reader = DspExamples.ReaderFor(json);
        var expected = reader.Canonical(_serializer, json);
        Assert.NotNull(expected);
        var forms = new NonCanonicalForms(new Random(StableSeed(example)));
        var canonical = JsonNode.Parse(json)!;
        var nonCanonical = 0;

        for (var i = 0; i < VariantsPerExample; i++)
        {
            var (description, form) = await forms.RewriteAsync(canonical);
            var bytes = System.Text.Encoding.UTF8.GetBytes(form.ToJsonString());
            if (reader.Canonical(_serializer, bytes) is null)
            {
                nonCanonical++;
            }

            var actual = await reader.Read(_serializer, bytes);

            Assert.True(JsonNode.DeepEquals(expected, actual), $"{example}, variant {i} ({description}):\n{form.ToJsonString()}\nread as {actual}\nexpected {expected}");
        }

        Assert.True(nonCanonical > 0, $"{example}: no variant left the canonical form, so the full path was not exercised.");
    }

    [Theory]
    [MemberData(nameof(TestMessages.Names), MemberType = typeof(TestMessages))]
    public async Task ReadAsync_EquivalentFormsOfAWrittenRecord_GiveTheRecord(string type)
    {
        var written = TestMessages.Write(_serializer, TestMessages.All[type]);
        var reader = DspExamples.ReaderFor(written);
        var expected = JsonNode.Parse(written);
        var forms = new NonCanonicalForms(new Random(StableSeed(type)));

        for (var i = 0; i < VariantsPerExample; i++)
        {
            var (description, form) = await forms.RewriteAsync(expected!);
            var bytes = System.Text.Encoding.UTF8.GetBytes(form.ToJsonString());

            Assert.Null(reader.Canonical(_serializer, bytes));
            var actual = await reader.Read(_serializer, bytes);

            Assert.True(JsonNode.DeepEquals(expected, actual), $"{type}, variant {i} ({description}):\n{form.ToJsonString()}\nread as {actual}\nexpected {expected}");
        }
    }

    internal static int StableSeed(string text)
    {
        var seed = 17;
        foreach (var c in text)
        {
            seed = unchecked((seed * 31) + c);
        }

        return seed;
    }
}

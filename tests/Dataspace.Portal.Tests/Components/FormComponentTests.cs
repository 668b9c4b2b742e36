using System.Text.Json.Nodes;
using Bunit;
using Dataspace.Portal.Components.Common;
using Dataspace.Portal.Localization;
using Dataspace.Testing;

namespace Dataspace.Portal.Tests.Components;

public sealed class FormComponentTests : IDisposable
{
    private readonly BunitContext _context = new();

    public void Dispose() => _context.Dispose();

    [Theory]
    [InlineData("time-window", new[] { "from", "until" })]
    [InlineData("max-uses", new[] { "maxUses" })]
    [InlineData("aggregate-only", new[] { "minGroupSize" })]
    public void SchemaForm_RendersOneLabelledInputPerParameter_OfTheShippedTemplate(string templateId, string[] parameters)
    {
        var template = ReadTemplate(templateId);
        var model = SchemaFormModel.From((JsonObject)template["parameters"]!, template["example"] as JsonObject);

        var form = _context.Render<SchemaForm>(p => p.Add(c => c.Model, model).Add(c => c.IdPrefix, "p-"));

        foreach (var name in parameters)
        {
            var label = form.FindAll("label").Single(l => l.TextContent.StartsWith(name, StringComparison.Ordinal));
            Assert.EndsWith(" *", label.TextContent, StringComparison.Ordinal);
            var input = form.Find("#p-" + name);
            Assert.Equal("p-" + name, label.GetAttribute("for"));
            Assert.Equal(template["example"]![name]!.ToString(), input.GetAttribute("value"));
            var hint = form.Find($"#p-{name}-hint");
            Assert.Equal(input.GetAttribute("aria-describedby"), hint.Id);
            Assert.Contains(template["parameters"]!["properties"]![name]!["description"]!.ToString(), hint.TextContent, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void SchemaForm_TypedValues_BecomeTheTemplatesParameters_WithTheirJsonTypes()
    {
        var model = SchemaFormModel.From((JsonObject)ReadTemplate("max-uses")["parameters"]!);
        var form = _context.Render<SchemaForm>(p => p.Add(c => c.Model, model));

        form.Find("#param-maxUses").Change("7");

        Assert.True(model.TryBuild(out var parameters, out var problems), string.Join("; ", problems));
        Assert.Equal(7, parameters["maxUses"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("", "maxUses: required")]
    [InlineData("three", "maxUses: 'three' is not a whole number")]
    public void SchemaFormModel_BadOrMissingValue_NamesTheField(string typed, string problem)
    {
        var model = SchemaFormModel.From((JsonObject)ReadTemplate("max-uses")["parameters"]!);
        model.Fields.Single().Value = typed;

        Assert.False(model.TryBuild(out _, out var problems));
        Assert.Equal([problem], problems);
    }

    [Fact]
    public void SchemaFormModel_EnumsBooleansNumbersAndLists_ConvertToJson()
    {
        var schema = JsonNode.Parse("""
            {"type":"object","properties":{
              "region":{"type":"string","enum":["CN","EU"]},
              "strict":{"type":"boolean"},
              "share":{"type":"number"},
              "purposes":{"type":"array","items":{"type":"string"}}},
             "required":["region"]}
            """)!.AsObject();
        var model = SchemaFormModel.From(schema);
        model.Fields.Single(f => f.Name == "region").Value = "CN";
        model.Fields.Single(f => f.Name == "strict").Value = "true";
        model.Fields.Single(f => f.Name == "share").Value = "0.25";
        model.Fields.Single(f => f.Name == "purposes").Value = "research, statistics";

        Assert.True(model.TryBuild(out var parameters, out _));
        Assert.Equal("""{"region":"CN","strict":true,"share":0.25,"purposes":["research","statistics"]}""", parameters.ToJsonString());
        Assert.Equal(["CN", "EU"], model.Fields[0].Options);
    }

    [Fact]
    public void OdrlEditor_ShowsTheLineAndColumnOfASyntaxError_WhileTyping_AndClearsItWhenFixed()
    {
        var text = "";
        var editor = _context.Render<OdrlEditor>(p => p
            .Add(c => c.Text, """{"@type": "Set"}""")
            .Add(c => c.TextChanged, t => text = t)
            .AddCascadingValue(PortalTexts.English));
        Assert.Contains("Valid JSON.", editor.Markup, StringComparison.Ordinal);

        editor.Find("textarea").Input("{\n  \"@type\": ,\n}");

        var error = editor.Find("[data-testid=odrl-syntax-error]");
        Assert.StartsWith("Line 2, column 12:", error.TextContent, StringComparison.Ordinal);
        Assert.Equal("true", editor.Find("textarea").GetAttribute("aria-invalid"));
        Assert.Equal("{\n  \"@type\": ,\n}", text);

        editor.Find("textarea").Input("""{"@type": "Set", "permission": [{"action": "use"}]}""");
        Assert.Empty(editor.FindAll("[data-testid=odrl-syntax-error]"));
    }

    [Fact]
    public void OdrlEditor_InChinese_ReportsThePositionInChinese()
    {
        var editor = _context.Render<OdrlEditor>(p => p.Add(c => c.Text, "[1, 2]").AddCascadingValue(PortalTexts.Chinese));

        Assert.StartsWith("第 1 行，第 1 列：", editor.Find("[data-testid=odrl-syntax-error]").TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", 1, 1)]
    [InlineData("{\"a\": 1,}", 1, 9)]
    [InlineData("{\n\"a\": tru\n}", 2, 9)]
    public void JsonSyntax_Check_GivesOneBasedPositions(string text, int line, int column)
    {
        var error = JsonSyntax.Check(text, out var value);

        Assert.Null(value);
        Assert.NotNull(error);
        Assert.Equal((line, column), (error.Line, error.Column));
    }

    [Fact]
    public void AssetForm_BuildsTheAddressFromTheTypesFieldsAndExtraLines_AndRefusesALineWithoutEquals()
    {
        var form = new AssetForm { Id = " air ", Title = "Air", Keywords = "a, b", Type = "HttpData", AddressFields = [new AddressField("baseUrl", "https://data.example/air")], ExtraProperties = "header:x=1" };

        Assert.True(form.TryBuild(out var input, out _));
        Assert.Equal("air", input.Id);
        Assert.Equal("""{"title":"Air","keywords":["a","b"]}""", input.Properties!.ToJsonString());
        Assert.Equal("https://data.example/air", input.DataAddress.Properties!["baseUrl"]);
        Assert.Equal("1", input.DataAddress.Properties!["header:x"]);

        form.ExtraProperties = "no equals sign";
        Assert.False(form.TryBuild(out _, out var problem));
        Assert.Contains("name=value", problem, StringComparison.Ordinal);
    }

    private static JsonObject ReadTemplate(string id) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "policies", "templates", id + ".json")))!.AsObject();
}

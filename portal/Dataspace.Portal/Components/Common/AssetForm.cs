using System.Text.Json.Nodes;
using Dataspace.Connector.Client;

namespace Dataspace.Portal.Components.Common;

/// <summary>The asset form's values and their conversion to the management API's input.</summary>
public sealed class AssetForm
{
    /// <summary>The asset id; empty lets the connector choose.</summary>
    public string? Id { get; set; }

    /// <summary>The catalog title.</summary>
    public string? Title { get; set; }

    /// <summary>The catalog description.</summary>
    public string? Description { get; set; }

    /// <summary>Catalog keywords, comma separated.</summary>
    public string? Keywords { get; set; }

    /// <summary>The data-address type (a loaded data source).</summary>
    public string Type { get; set; } = "";

    /// <summary>The named address properties of the type's form.</summary>
    public IReadOnlyList<AddressField> AddressFields { get; set; } = [];

    /// <summary>Further address properties, <c>name=value</c> per line.</summary>
    public string? ExtraProperties { get; set; }

    /// <summary>The asset to send, or the problem (an English text) that stops it.</summary>
    public bool TryBuild(out AssetInput input, out string problem)
    {
        input = null!;
        if (string.IsNullOrWhiteSpace(Type))
        {
            problem = "Choose a data source: the connector has no data-source plugin loaded.";
            return false;
        }

        var address = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in AddressFields.Where(f => !string.IsNullOrWhiteSpace(f.Value)))
        {
            address[field.Name] = field.Value!.Trim();
        }

        foreach (var line in (ExtraProperties ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                problem = "Write each other address property as name=value on its own line.";
                return false;
            }

            address[line[..equals].Trim()] = line[(equals + 1)..].Trim();
        }

        var properties = new JsonObject();
        if (!string.IsNullOrWhiteSpace(Title))
        {
            properties["title"] = Title.Trim();
        }

        if (!string.IsNullOrWhiteSpace(Description))
        {
            properties["description"] = Description.Trim();
        }

        var keywords = (Keywords ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (keywords.Length > 0)
        {
            properties["keywords"] = new JsonArray([.. keywords.Select(k => (JsonNode?)JsonValue.Create(k))]);
        }

        input = new AssetInput(string.IsNullOrWhiteSpace(Id) ? null : Id.Trim(), properties, new DataAddress(Type, address));
        problem = "";
        return true;
    }

    /// <summary>Fills the form from a stored asset.</summary>
    public void Load(Asset asset)
    {
        ArgumentNullException.ThrowIfNull(asset);
        Id = asset.Id;
        Title = asset.Properties["title"]?.ToString();
        Description = asset.Properties["description"]?.ToString();
        Keywords = asset.Properties["keywords"] is JsonArray k ? string.Join(", ", k.Select(x => x?.ToString())) : asset.Properties["keywords"]?.ToString();
        Type = asset.DataAddress.Type;
        var known = DataSourceForms.Fields(Type);
        var properties = asset.DataAddress.Properties ?? new Dictionary<string, string>();
        AddressFields = [.. known.Select(n => new AddressField(n, properties.GetValueOrDefault(n)))];
        ExtraProperties = string.Join('\n', properties.Where(p => !known.Contains(p.Key)).Select(p => $"{p.Key}={p.Value}"));
    }

    /// <summary>Empties the form.</summary>
    public void Clear()
    {
        Id = Title = Description = Keywords = ExtraProperties = null;
        AddressFields = [];
    }
}

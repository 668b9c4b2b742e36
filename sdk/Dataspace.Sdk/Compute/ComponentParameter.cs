using System.Text.Json;

namespace Dataspace.Sdk.Compute;

/// <summary>One typed attribute of a component invocation.</summary>
/// <param name="Name">Attribute name, e.g. <c>mode</c>.</param>
/// <param name="Type">One of <c>string</c>, <c>integer</c>, <c>number</c>, <c>boolean</c>, <c>string[]</c>.</param>
/// <param name="Required">Whether a task must set it.</param>
/// <param name="Default">The value used when a task does not set it.</param>
/// <param name="AllowedValues">For strings: the values accepted; empty means any.</param>
public sealed record ComponentParameter(
    string Name,
    string Type,
    bool Required = false,
    JsonElement? Default = null,
    IReadOnlyList<string>? AllowedValues = null);

using System.Text.Json.Nodes;

namespace Dataspace.Conformance.Identity;

/// <summary>A DSP message the target sent to one of the suite's personas.</summary>
/// <param name="Persona">The persona it was addressed to.</param>
/// <param name="Path">The path below the persona's callback address, e.g. <c>/negotiations/urn:uuid:…/agreement</c>.</param>
/// <param name="Body">The message.</param>
/// <param name="Authorization">The Authorization header the target sent, or null.</param>
public sealed record SuiteCallback(string Persona, string Path, JsonObject Body, string? Authorization);

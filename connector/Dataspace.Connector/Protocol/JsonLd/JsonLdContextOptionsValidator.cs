using Dataspace.JsonLd;
using Dataspace.JsonLd.Loading;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Protocol.JsonLd;

/// <summary>Fails start-up on a configured context whose URL is not absolute or whose file is missing or not a context document.</summary>
internal sealed class JsonLdContextOptionsValidator : IValidateOptions<JsonLdContextOptions>
{
    public ValidateOptionsResult Validate(string? name, JsonLdContextOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Contexts.Count; i++)
        {
            var (url, path) = (options.Contexts[i].Url, options.Contexts[i].File);
            var key = $"{JsonLdContextOptions.Section}:Contexts:{i}";
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
            {
                failures.Add($"{key}:Url: '{url}' is not an absolute URL; name each context by the URL peers put in @context.");
                continue;
            }

            try
            {
                // The same check the registry makes, so a bad file fails start-up rather than the first message naming it.
                new JsonLdContextRegistry().Add(uri, JsonLdContextFiles.Read(path));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or JsonLdException)
            {
                failures.Add($"{key}:File: {e.Message}");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

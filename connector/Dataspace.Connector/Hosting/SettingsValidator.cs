using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Hosting;

/// <summary>Fails start-up on settings whose data annotations fail, naming each key (see <see cref="SettingsValidation"/>).</summary>
internal sealed class SettingsValidator<TSettings>(string section) : IValidateOptions<TSettings>
    where TSettings : class
{
    public ValidateOptionsResult Validate(string? name, TSettings options) =>
        SettingsValidation.Validate(options, section) is { Count: > 0 } failures
            ? ValidateOptionsResult.Fail(failures)
            : ValidateOptionsResult.Success;
}

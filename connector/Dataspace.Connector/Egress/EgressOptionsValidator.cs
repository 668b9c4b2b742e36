using Dataspace.Sdk.Egress;
using Microsoft.Extensions.Options;

namespace Dataspace.Connector.Egress;

/// <summary>Fails start-up on a bad egress setting, naming its key.</summary>
internal sealed class EgressOptionsValidator : IValidateOptions<EgressOptions>
{
    public ValidateOptionsResult Validate(string? name, EgressOptions options) =>
        options.Validate() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
}

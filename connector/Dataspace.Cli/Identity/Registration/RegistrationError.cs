namespace Dataspace.Cli.Identity.Registration;

/// <summary>A refusal as the contract shapes it: HTTP status, <c>error</c> code and a one-line <c>reason</c>.</summary>
internal sealed record RegistrationError(int StatusCode, string Error, string Reason)
{
    public static RegistrationError BadRequest(string error, string reason) => new(400, error, reason);
}

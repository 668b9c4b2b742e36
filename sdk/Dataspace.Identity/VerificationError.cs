namespace Dataspace.Identity;

/// <summary>A refusal: what kind, and a reason an operator can read and act on.</summary>
public sealed record VerificationError(VerificationFailure Failure, string Reason)
{
    /// <summary>The failure and reason as one line.</summary>
    public override string ToString() => $"{Failure}: {Reason}";
}

namespace Dataspace.Sdk.Compute;

/// <summary>Facts about <see cref="ComputeJobState"/> values.</summary>
public static class ComputeJobStates
{
    /// <summary>Whether no transition leaves <paramref name="state"/>.</summary>
    public static bool IsFinal(ComputeJobState state)
        => state is ComputeJobState.Succeeded or ComputeJobState.Failed or ComputeJobState.Rejected or ComputeJobState.Stopped;

    /// <summary>Parses a state by name (case-insensitive) or code; false for anything else.</summary>
    public static bool TryParse(string? text, out ComputeJobState state)
    {
        state = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code))
        {
            state = (ComputeJobState)code;
            return Enum.IsDefined(state);
        }

        return Enum.TryParse(text, ignoreCase: true, out state) && Enum.IsDefined(state);
    }
}

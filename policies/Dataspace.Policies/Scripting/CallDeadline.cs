using System.Diagnostics;
using Jint;

namespace Dataspace.Policies.Scripting;

/// <summary>
/// The time limit of one entry into a script engine, adjustable between entries: loading a script gets a larger budget
/// (a cold JIT on a busy machine must not make a valid script fail to load), each call the sandbox's limit.
/// </summary>
internal sealed class CallDeadline : Constraint
{
    private long _deadline = long.MaxValue;

    /// <summary>The budget applied from the next entry on.</summary>
    public TimeSpan Budget { get; set; }

    /// <inheritdoc/>
    public override bool IsAmortizable => true;

    /// <inheritdoc/>
    public override void Check()
    {
        if (Stopwatch.GetTimestamp() > _deadline)
        {
            throw new TimeoutException($"The script ran past its time limit of {Budget.TotalMilliseconds:0} ms.");
        }
    }

    /// <inheritdoc/>
    public override void Reset() =>
        _deadline = Stopwatch.GetTimestamp() + (long)(Budget.TotalSeconds * Stopwatch.Frequency);
}

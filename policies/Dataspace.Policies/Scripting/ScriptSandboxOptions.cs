namespace Dataspace.Policies.Scripting;

/// <summary>Limits of the JavaScript sandbox, applied to each call of a script function.</summary>
public sealed record ScriptSandboxOptions
{
    /// <summary>Wall-clock time one call may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Statements one call may execute.</summary>
    public int MaxStatements { get; init; } = 100_000;

    /// <summary>Bytes one call may allocate.</summary>
    public long MemoryLimitBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Depth of nested JavaScript calls.</summary>
    public int MaxRecursionDepth { get; init; } = 64;

    /// <summary>Largest array a script may create.</summary>
    public uint MaxArraySize { get; init; } = 100_000;

    /// <summary>Idle engines kept per script for reuse.</summary>
    public int MaxPooledEngines { get; init; } = 16;
}

namespace Dataspace.Dsp;

/// <summary>A top-level DSP 2025-1 message or protocol object, identified by its @type.</summary>
public interface IDspMessage
{
    /// <summary>The DSP @type name of the message type (e.g. "ContractRequestMessage").</summary>
    static abstract string TypeName { get; }

    /// <summary>The JSON-LD context of the message.</summary>
    IReadOnlyList<string> Context { get; }

    /// <summary>The @type of the message.</summary>
    string Type { get; }
}

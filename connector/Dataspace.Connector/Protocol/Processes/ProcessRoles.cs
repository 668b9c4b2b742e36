namespace Dataspace.Connector.Protocol.Processes;

/// <summary>Roles in a two-party process.</summary>
internal static class ProcessRoles
{
    /// <summary>The other party's role: the sender of every message we receive in a process where we play <paramref name="role"/>.</summary>
    public static ProcessRole CounterParty(this ProcessRole role) => role == ProcessRole.Provider ? ProcessRole.Consumer : ProcessRole.Provider;
}

namespace Dataspace.Identity.Dcp;

/// <summary>Supplies this participant's identity snapshot (replaced as a whole on key rotation).</summary>
public interface ILocalIdentityProvider
{
    /// <summary>The identity in force now.</summary>
    LocalIdentity Current { get; }
}

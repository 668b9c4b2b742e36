namespace Dataspace.Plugins.Compute.Embedded.Oprf;

/// <summary>RFC 9497 protocol variants (section 3.1); the value is the mode byte of the context string.</summary>
internal enum OprfMode : byte
{
    /// <summary>The base OPRF: the client learns F(k, x), the server learns nothing.</summary>
    Oprf = 0,

    /// <summary>Verifiable OPRF: the server also proves (DLEQ) that it used the key behind its public key.</summary>
    Voprf = 1,
}

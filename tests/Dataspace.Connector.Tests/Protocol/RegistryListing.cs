namespace Dataspace.Connector.Tests.Protocol;

/// <summary>One member as the test authority's participant registry lists it.</summary>
internal sealed record RegistryListing(string Did, string Name, string DspEndpoint, string[] Subspaces, string Status);

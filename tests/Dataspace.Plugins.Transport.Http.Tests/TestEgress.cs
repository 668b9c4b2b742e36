using Dataspace.Sdk.Egress;

namespace Dataspace.Plugins.Transport.Http.Tests;

/// <summary>Egress policies for tests: everything here runs on 127.0.0.1, so the development mode is switched on explicitly.</summary>
internal static class TestEgress
{
    public static EgressOptions DevelopmentOptions => new() { AllowPrivateNetworks = true };

    public static IEgressPolicy Development { get; } = new EgressPolicy(DevelopmentOptions);

    /// <summary>The production default: public addresses only.</summary>
    public static IEgressPolicy Strict { get; } = new EgressPolicy(new EgressOptions());
}

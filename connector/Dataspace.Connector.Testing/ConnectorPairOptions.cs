using Microsoft.AspNetCore.Builder;

namespace Dataspace.Connector.Testing;

/// <summary>How to start a <see cref="ConnectorPair"/>: the participants' ids, their static DSP tokens and extra settings.</summary>
public sealed record ConnectorPairOptions
{
    /// <summary>The provider's participant id.</summary>
    public string ProviderId { get; init; } = "did:web:provider.example";

    /// <summary>The consumer's participant id.</summary>
    public string ConsumerId { get; init; } = "did:web:consumer.example";

    /// <summary>The static DSP token the provider sends and the consumer accepts as <see cref="ProviderId"/>.</summary>
    public string ProviderToken { get; init; } = "provider-secret-token";

    /// <summary>The static DSP token the consumer sends and the provider accepts as <see cref="ConsumerId"/>.</summary>
    public string ConsumerToken { get; init; } = "consumer-secret-token";

    /// <summary>Settings of the provider beyond the defaults (they win over them).</summary>
    public IReadOnlyDictionary<string, string?> ProviderSettings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Settings of the consumer beyond the defaults (they win over them).</summary>
    public IReadOnlyDictionary<string, string?> ConsumerSettings { get; init; } = new Dictionary<string, string?>();

    /// <summary>The plugins folder of both; null for the one beside the test assembly.</summary>
    public string? PluginsDirectory { get; init; }

    /// <summary>Applied to both applications before they start (e.g. a middleware that slows answers down); null for none.</summary>
    public Action<WebApplication>? Configure { get; init; }
}

namespace Dataspace.Benchmarks.Protocol;

/// <summary>A space whose provider is reached through a balancer, and whose database runs in processes of its own.</summary>
internal sealed partial class Space
{
    private readonly string? _providerDsp;
    private readonly Func<TimeSpan>? _outsideCpu;

    private Space(Loopback provider, Loopback consumer, string providerId, string offerId, string providerDsp, Func<TimeSpan> outsideCpu)
        : this(null, provider, consumer, providerId, offerId)
    {
        _providerDsp = providerDsp;
        _outsideCpu = outsideCpu;
    }

    /// <summary>The provider's DSP endpoint as the consumer calls it (the balancer's, where there is one).</summary>
    public string ProviderDsp => _providerDsp ?? Provider.Dsp;

    /// <summary>The CPU time used so far by processes outside this one that work for the space (its database's backends); zero for none.</summary>
    public TimeSpan OutsideCpu() => _outsideCpu?.Invoke() ?? TimeSpan.Zero;

    /// <summary>A space over running connectors; disposing it stops <paramref name="consumer"/> and <paramref name="provider"/> only.</summary>
    public static Space Balanced(Loopback provider, Loopback consumer, string providerId, string offerId, string providerDsp, Func<TimeSpan> outsideCpu) =>
        new(provider, consumer, providerId, offerId, providerDsp, outsideCpu);
}

using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Conformance.Tests.Faulty;

/// <summary>Wraps the last registration of a service in a decorator, keeping the original (even an internal type) as the inner one.</summary>
internal static class ServiceDecoration
{
    public static void Decorate<TService>(this IServiceCollection services, Func<IServiceProvider, TService, TService> decorate)
        where TService : class
    {
        var original = services.Last(d => d.ServiceType == typeof(TService));
        services.Remove(original);
        services.Add(ServiceDescriptor.Describe(typeof(TService), sp => decorate(sp, Create<TService>(sp, original)), original.Lifetime));
    }

    private static TService Create<TService>(IServiceProvider services, ServiceDescriptor original)
        where TService : class =>
        (TService)(original.ImplementationInstance
                   ?? original.ImplementationFactory?.Invoke(services)
                   ?? ActivatorUtilities.CreateInstance(services, original.ImplementationType!));
}

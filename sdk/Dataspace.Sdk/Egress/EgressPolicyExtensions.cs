using System.Net;

namespace Dataspace.Sdk.Egress;

/// <summary>Builds HTTP handlers that connect only where an <see cref="IEgressPolicy"/> allows.</summary>
public static class EgressPolicyExtensions
{
    /// <summary>
    /// A <see cref="SocketsHttpHandler"/> whose every connection goes through <see cref="IEgressPolicy.ConnectAsync"/>;
    /// no proxy (it would connect on our behalf), no redirects (a redirect is a new, unchecked destination), no cookies.
    /// </summary>
    /// <remarks>The caller owns the handler; set timeouts and limits on it as needed.</remarks>
    public static SocketsHttpHandler CreateHandler(this IEgressPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectCallback = (context, cancellationToken) => policy.ConnectAsync(context.DnsEndPoint, cancellationToken),
        };
    }

    /// <summary>Whether <paramref name="exception"/> (or one of its inner exceptions) is a refusal by the egress policy.</summary>
    public static bool IsEgressRefusal(this Exception exception) => exception.EgressRefusal() is not null;

    /// <summary>The egress policy's refusal among <paramref name="exception"/> and its inner exceptions, or null.</summary>
    public static EgressRefusedException? EgressRefusal(this Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is EgressRefusedException refusal)
            {
                return refusal;
            }
        }

        return null;
    }
}

using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Dataspace.Conformance.Tests.Faulty;

/// <summary>
/// Fault injection as middleware in front of the DSP endpoints: the connector's real answer is buffered and may be
/// replaced before it leaves (a status and body of the fault's choosing).
/// </summary>
internal sealed class DspResponseFault(Func<int, string, (int Status, string Body)?> rewrite) : IStartupFilter
{
    /// <summary>Fault: bad input gets 500 instead of the connector's 400.</summary>
    public static void ServerErrorOnBadInput(IServiceCollection services) =>
        services.AddSingleton<IStartupFilter>(new DspResponseFault((status, body) => status == StatusCodes.Status400BadRequest ? (StatusCodes.Status500InternalServerError, body) : null));

    /// <summary>Fault: a message that is illegal in the process's state is acknowledged (200) instead of refused.</summary>
    public static void StateChecksSkipped(IServiceCollection services) =>
        services.AddSingleton<IStartupFilter>(new DspResponseFault((status, body) =>
            status == StatusCodes.Status400BadRequest && body.Contains("illegal-state", StringComparison.Ordinal) ? (StatusCodes.Status200OK, "") : null));

    /// <summary>Fault: DSP answers use a prefixed <c>@type</c> (<c>dspace:ContractNegotiation</c>) with a prefix in the context.</summary>
    public static void PrefixedTypeInAnswers(IServiceCollection services) =>
        services.AddSingleton<IStartupFilter>(new DspResponseFault((status, body) => PrefixedType.Rewrite(body) is { } rewritten ? (status, rewritten) : null));

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, proceed) =>
        {
            if (!context.Request.Path.StartsWithSegments("/api/dsp", StringComparison.Ordinal))
            {
                await proceed(context);
                return;
            }

            var original = context.Response.Body;
            using var buffer = new MemoryStream();
            context.Response.Body = buffer;
            try
            {
                await proceed(context);
            }
            finally
            {
                context.Response.Body = original;
            }

            var body = Encoding.UTF8.GetString(buffer.ToArray());
            if (rewrite(context.Response.StatusCode, body) is { } replaced)
            {
                context.Response.StatusCode = replaced.Status;
                context.Response.ContentLength = Encoding.UTF8.GetByteCount(replaced.Body);
                await context.Response.WriteAsync(replaced.Body);
            }
            else
            {
                context.Response.ContentLength = buffer.Length;
                await original.WriteAsync(buffer.ToArray());
            }
        });
        next(app);
    };
}

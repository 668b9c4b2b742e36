using System.Globalization;
using Jint.Runtime;

namespace Dataspace.Policies.Scripting;

/// <summary>The script's clock: the request's time, set by the engine before each call, never the machine's clock.</summary>
internal sealed class InjectedTimeSystem : ITimeSystem
{
    public DateTimeOffset Now { get; set; }

    public TimeZoneInfo DefaultTimeZone => TimeZoneInfo.Utc;

    public DateTimeOffset GetUtcNow() => Now;

    public TimeSpan GetUtcOffset(long epochMilliseconds) => TimeSpan.Zero;

    public bool TryParse(string date, out long epochMilliseconds)
    {
        if (DateTimeOffset.TryParse(date, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            epochMilliseconds = parsed.ToUnixTimeMilliseconds();
            return true;
        }

        epochMilliseconds = 0;
        return false;
    }
}

using Microsoft.Extensions.Logging;

namespace Dataspace.Plugins.Compute.Embedded.Oprf;

/// <summary>Log messages of the prepared-set cache.</summary>
internal sealed partial class PreparedSetCache
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Reusing prepared OPRF set {File} ({Rows} rows)")]
        public static partial void Reused(ILogger logger, string file, long rows);

        [LoggerMessage(2, LogLevel.Information, "Prepared OPRF set {File}: {Rows} rows evaluated in {Elapsed}")]
        public static partial void Prepared(ILogger logger, string file, long rows, TimeSpan elapsed);

        [LoggerMessage(3, LogLevel.Information, "Evicted prepared OPRF set {File}")]
        public static partial void Evicted(ILogger logger, string file);
    }
}

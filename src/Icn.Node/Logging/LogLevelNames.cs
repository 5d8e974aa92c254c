using Microsoft.Extensions.Logging;

namespace Icn.Node.Logging;

/// <summary>The level names the configuration takes and the JSON log writes: one vocabulary for both.</summary>
public static class LogLevelNames
{
    public const string Expected = "one of trace, debug, info, warn, error";

    public static LogLevel? Parse(string text) => text.ToLowerInvariant() switch
    {
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "info" or "information" => LogLevel.Information,
        "warn" or "warning" => LogLevel.Warning,
        "error" => LogLevel.Error,
        _ => null,
    };

    public static string Name(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "error",
        LogLevel.Critical => "critical",
        _ => "none",
    };
}

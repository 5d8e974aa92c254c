using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Icn.Node.Logging;

/// <summary>icnd's log: every line on standard error, in the format and at the levels <see cref="LogOptions"/> give.</summary>
public static class NodeLogging
{
    public static void Configure(ILoggingBuilder logging, LogOptions options)
    {
        logging.SetMinimumLevel(options.Level);
        LogComponents.Apply(logging, options.Level, options.ComponentLevels);
        // Kestrel's own start-up chatter repeats what the node logs itself.
        logging.AddFilter("Microsoft", LogLevel.Warning);
        // The host logs a failed start with its stack trace; icnd says it in one line itself.
        logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        // A connection closed at an HTTP port's cap is the cap working: a flood of them must not flood the log too.
        logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel.Connections", LogLevel.Error);
        // A line logged inside a span carries its trace and span ids (spans exist while something listens).
        logging.Configure(tracking => tracking.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        switch (options.Format)
        {
            case LogFormat.Json:
                logging.AddConsole(console => console.FormatterName = JsonLineFormatter.FormatName);
                logging.AddConsoleFormatter<JsonLineFormatter, ConsoleFormatterOptions>();
                break;
            case LogFormat.Systemd:
                // The journal stamps each line itself and reads the priority from the <N> prefix.
                logging.AddSystemdConsole(console => console.IncludeScopes = true);
                break;
            default:
                logging.AddSimpleConsole(console =>
                {
                    console.IncludeScopes = true;
                    console.SingleLine = true;
                    console.UseUtcTimestamp = true;
                    console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                    console.ColorBehavior = LoggerColorBehavior.Disabled;
                });
                break;
        }

        logging.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
    }
}

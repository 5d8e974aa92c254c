using Microsoft.Extensions.Logging;

namespace Icn.Node.Logging;

/// <summary>How icnd writes its log: one line per event on standard error.</summary>
public sealed record LogOptions
{
    /// <summary><c>log_level</c>: trace, debug, info, warn, error. Default info.</summary>
    public LogLevel Level { get; init; } = LogLevel.Information;

    /// <summary><c>log_format</c>: text for a terminal, json for a log shipper, systemd for the journal. Default text.</summary>
    public LogFormat Format { get; init; } = LogFormat.Text;

    /// <summary>
    /// <c>log_levels.COMPONENT</c>: a level for one component (<see cref="LogComponents"/>) above or below
    /// <see cref="Level"/>, e.g. gossip at debug while the rest stays at info. Default none.
    /// </summary>
    public IReadOnlyDictionary<string, LogLevel> ComponentLevels { get; init; } = new Dictionary<string, LogLevel>();
}

/// <summary>The <c>log_format</c> values.</summary>
public enum LogFormat
{
    /// <summary>One line: UTC time, level, category and event id, message, scopes (trace and span ids).</summary>
    Text,

    /// <summary>One JSON object per line: time, level, event id and name, category, component, message, trace and span ids, fields.</summary>
    Json,

    /// <summary>For systemd's journal: a syslog priority prefix (<c>&lt;6&gt;</c>), no time (the journal adds it).</summary>
    Systemd,
}

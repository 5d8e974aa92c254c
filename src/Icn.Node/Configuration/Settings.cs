using System.Globalization;
using Icn.Gossip.Topics;
using Icn.Network;
using Icn.Node.Logging;
using Icn.Trust;
using Microsoft.Extensions.Logging;

namespace Icn.Node.Configuration;

/// <summary>
/// One configurable setting: its TOML key, environment variable and flag, and how a raw value is
/// applied to <see cref="NodeOptions"/>. The table below is the whole configuration surface.
/// </summary>
public sealed record Setting(string Key, string EnvironmentVariable, string? Flag, string Expected,
    Func<NodeOptions, RawValue, NodeOptions> Apply)
{
    /// <summary>Every setting, in documentation order.</summary>
    public static IReadOnlyList<Setting> All { get; } =
    [
        new("data_dir", Icn.Rpc.NodeDefaults.DataDirectoryVariable, "--data-dir", "a directory path",
            (o, v) => o with { DataDirectory = Path.GetFullPath(Text(v, "data_dir", "a directory path")) }),
        new("log_level", "ICN_LOG_LEVEL", "--log-level", LogLevelNames.Expected,
            (o, v) => o with { Log = o.Log with { Level = ParseLogLevel(v, "log_level") } }),
        new("log_format", "ICN_LOG_FORMAT", "--log-format", "one of text, json, systemd",
            (o, v) => o with { Log = o.Log with { Format = ParseLogFormat(v) } }),
        .. LogComponents.Categories.Keys.Select(component => new Setting($"log_levels.{component}", $"ICN_LOG_LEVEL_{component.ToUpperInvariant()}", null,
            $"{LogLevelNames.Expected}: the level for {component} alone",
            (o, v) => o with { Log = o.Log with { ComponentLevels = new Dictionary<string, LogLevel>(o.Log.ComponentLevels) { [component] = ParseLogLevel(v, $"log_levels.{component}") } } })),
        new("password_file", "ICN_PASSWORD_FILE", "--password-file", "a file path",
            (o, v) => o with { PasswordFile = Path.GetFullPath(Text(v, "password_file", "a file path")) }),
        new("metrics.addr", "ICN_METRICS_ADDR", "--metrics-addr", "HOST:PORT or \"none\"",
            (o, v) => o with { Observability = o.Observability with { MetricsAddress = ParseEndpoint(v, "metrics.addr") } }),
        new("rpc.addr", Icn.Rpc.NodeDefaults.RpcAddressVariable, "--rpc-addr", "HOST:PORT or \"none\"",
            (o, v) => o with { RpcAddress = ParseEndpoint(v, "rpc.addr") }),
        new("network.listen", "ICN_LISTEN_ADDR", "--listen", "HOST:PORT",
            (o, v) => o with { Network = o.Network with { ListenAddress = ParseListen(v, "network.listen") }, ListenConfigured = true }),
        new("network.bootstrap_peers", "ICN_BOOTSTRAP_PEERS", null, "a list of icn://<did>@<ip>:<port> (comma-separated in the environment)",
            (o, v) => o with { Network = o.Network with { BootstrapPeers = ParsePeers(v, "network.bootstrap_peers") } }),
        new("network.max_sessions", "ICN_MAX_SESSIONS", null, "a whole number from 1 to 100000",
            (o, v) => o with { Network = o.Network with { MaxSessions = (int)Integer(v, "network.max_sessions", 1, 100_000) } }),
        new("network.max_sessions_per_ip", "ICN_MAX_SESSIONS_PER_IP", null, "a whole number from 1 to 100000",
            (o, v) => o with { Network = o.Network with { MaxSessionsPerIp = (int)Integer(v, "network.max_sessions_per_ip", 1, 100_000) } }),
        new("network.write_timeout_seconds", "ICN_WRITE_TIMEOUT_SECONDS", null, "a whole number of seconds from 1 to 3600",
            (o, v) => o with { Network = o.Network with { WriteTimeout = TimeSpan.FromSeconds(Integer(v, "network.write_timeout_seconds", 1, 3600)) } }),
        new("network.idle_timeout_seconds", "ICN_IDLE_TIMEOUT_SECONDS", null, "a whole number of seconds from 30 to 86400",
            (o, v) => o with { Network = o.Network with { IdleTimeout = TimeSpan.FromSeconds(Integer(v, "network.idle_timeout_seconds", 30, 86_400)) } }),
        new("network.send_queue_bytes", "ICN_SEND_QUEUE_BYTES", null, "a whole number of bytes from 65536 to 1073741824",
            (o, v) => o with { Network = o.Network with { SendQueueBytes = (int)Integer(v, "network.send_queue_bytes", 64 * 1024, 1L << 30) } }),
        new("network.send_budget_bytes", "ICN_SEND_BUDGET_BYTES", null, "a whole number of bytes from 65536 to 1099511627776",
            (o, v) => o with { Network = o.Network with { SendBudgetBytes = Integer(v, "network.send_budget_bytes", 64 * 1024, 1L << 40) } }),
        new("network.mdns", "ICN_MDNS", null, "true or false",
            (o, v) => o with { Network = o.Network with { Discovery = o.Network.Discovery with { Enabled = Boolean(v, "network.mdns") } } }),
        new("network.mdns_dial", "ICN_MDNS_DIAL", null, "true or false",
            (o, v) => o with { Network = o.Network with { Discovery = o.Network.Discovery with { AutoDial = Boolean(v, "network.mdns_dial") } } }),
        new("network.mdns_interfaces", "ICN_MDNS_INTERFACES", null, "a list of interface names (comma-separated in the environment)",
            (o, v) => o with { Network = o.Network with { Discovery = o.Network.Discovery with { Interfaces = Names(v, "network.mdns_interfaces") } } }),
        new("gossip.topics", "ICN_GOSSIP_TOPICS", null, "a list of topic names (comma-separated in the environment)",
            (o, v) => o with { GossipTopics = TopicNames(v, "gossip.topics") }),
        new("gossip.max_payload_bytes", "ICN_GOSSIP_MAX_PAYLOAD_BYTES", null, "a whole number of bytes from 1 to 8388608",
            (o, v) => o with { Gossip = o.Gossip with { MaxPayloadBytes = (int)Integer(v, "gossip.max_payload_bytes", 1, 8 * 1024 * 1024) } }),
        new("gossip.anti_entropy_seconds", "ICN_GOSSIP_ANTI_ENTROPY_SECONDS", null, "a whole number of seconds from 1 to 3600",
            (o, v) => o with { Gossip = o.Gossip with { AntiEntropyInterval = TimeSpan.FromSeconds(Integer(v, "gossip.anti_entropy_seconds", 1, 3600)) } }),
        new("gossip.fanout", "ICN_GOSSIP_FANOUT", null, "a whole number from 1 to 64",
            (o, v) => o with { Gossip = o.Gossip with { Fanout = (int)Integer(v, "gossip.fanout", 1, 64) } }),
        new("gossip.max_fanout", "ICN_GOSSIP_MAX_FANOUT", null, "a whole number from 1 to 64, at least gossip.fanout",
            (o, v) => o with { Gossip = o.Gossip with { MaxFanout = (int)Integer(v, "gossip.max_fanout", 1, 64) } }),
        new("gossip.announce_delay_ms", "ICN_GOSSIP_ANNOUNCE_DELAY_MS", null, "a whole number of milliseconds from 0 to 10000",
            (o, v) => o with { Gossip = o.Gossip with { AnnounceDelay = TimeSpan.FromMilliseconds(Integer(v, "gossip.announce_delay_ms", 0, 10_000)) } }),
        new("gossip.anti_entropy_peers", "ICN_GOSSIP_ANTI_ENTROPY_PEERS", null, "a whole number from 1 to 1000",
            (o, v) => o with { Gossip = o.Gossip with { AntiEntropyPeers = (int)Integer(v, "gossip.anti_entropy_peers", 1, 1000) } }),
        new("gossip.metric_topics_max", "ICN_GOSSIP_METRIC_TOPICS_MAX", null, "a whole number from 0 to 1000",
            (o, v) => o with { Gossip = o.Gossip with { MetricTopicsMax = (int)Integer(v, "gossip.metric_topics_max", 0, 1000) } }),
        new("metrics.refresh_seconds", "ICN_METRICS_REFRESH_SECONDS", null, "a whole number of seconds from 1 to 3600",
            (o, v) => o with { Observability = o.Observability with { GaugeRefreshInterval = TimeSpan.FromSeconds(Integer(v, "metrics.refresh_seconds", 1, 3600)) } }),
        new("ledger.catch_up_seconds", "ICN_LEDGER_CATCH_UP_SECONDS", null, "a whole number of seconds from 1 to 86400",
            (o, v) => o with { Ledger = o.Ledger with { CatchUpTimeout = TimeSpan.FromSeconds(Integer(v, "ledger.catch_up_seconds", 1, 86_400)) } }),
        new("ledger.handoff_entries", "ICN_LEDGER_HANDOFF_ENTRIES", null, "a whole number from 1 to 1000000",
            (o, v) => o with { Ledger = o.Ledger with { HandoffEntries = (int)Integer(v, "ledger.handoff_entries", 1, 1_000_000) } }),
        new("trust.min_inbound_class", "ICN_TRUST_MIN_INBOUND_CLASS", null, $"one of {TrustClasses.Names}",
            (o, v) => o with { Network = o.Network with { MinInboundClass = Class(v, "trust.min_inbound_class") } }),
        new("trust.publish_attestations", "ICN_TRUST_PUBLISH_ATTESTATIONS", null, "true or false",
            (o, v) => o with { Trust = o.Trust with { PublishAttestations = Boolean(v, "trust.publish_attestations") } }),
        new("network.trusted_inbound_share", "ICN_TRUSTED_INBOUND_SHARE", null, "a whole percentage from 0 to 90",
            (o, v) => o with { Network = o.Network with { TrustedInboundShare = Integer(v, "network.trusted_inbound_share", 0, 90) / 100.0 } }),
        new("storage.reserve_bytes", "ICN_STORAGE_RESERVE_BYTES", null, "a whole number of bytes from 0 to 1099511627776",
            (o, v) => o with { Storage = o.Storage with { ReserveBytes = Integer(v, "storage.reserve_bytes", 0, 1L << 40) } }),
        new("storage.check_seconds", "ICN_STORAGE_CHECK_SECONDS", null, "a whole number of seconds from 1 to 3600",
            (o, v) => o with { Storage = o.Storage with { CheckInterval = TimeSpan.FromSeconds(Integer(v, "storage.check_seconds", 1, 3600)) } }),
        new("telemetry.otlp_endpoint", "ICN_OTLP_ENDPOINT", "--otlp-endpoint", "an http:// or https:// URL, or \"none\"",
            (o, v) => o with { Observability = o.Observability with { OtlpEndpoint = ParseUrl(v, "telemetry.otlp_endpoint") } }),
    ];

    private static Uri? ParseUrl(RawValue raw, string key)
    {
        const string Expected = "an http:// or https:// URL, or \"none\"";
        var text = Text(raw, key, Expected);
        return text == "none" ? null
            : Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" ? url
            : throw Invalid(raw, key, Expected);
    }

    private static string Text(RawValue raw, string key, string expected) =>
        raw.Value is string text && text.Length > 0 ? text : throw Invalid(raw, key, expected);

    private static long Integer(RawValue raw, string key, long min, long max)
    {
        var expected = $"a whole number from {min} to {max}";
        var value = raw.Value switch
        {
            long number => number,
            string text when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => throw Invalid(raw, key, expected),
        };
        return value >= min && value <= max ? value : throw Invalid(raw, key, expected);
    }

    private static TrustClass Class(RawValue raw, string key) =>
        TrustClasses.Parse(raw.Value as string) ?? throw Invalid(raw, key, $"one of {TrustClasses.Names}");

    private static bool Boolean(RawValue raw, string key) => raw.Value switch
    {
        bool flag => flag,
        string text when bool.TryParse(text, out var parsed) => parsed,
        _ => throw Invalid(raw, key, "true or false"),
    };

    private static IReadOnlyList<string> Names(RawValue raw, string key, string expected = "a list of interface names") => raw.Value switch
    {
        List<object> list when list.All(item => item is string { Length: > 0 }) => [.. list.Cast<string>()],
        string text when !raw.Typed => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        _ => throw Invalid(raw, key, expected),
    };

    private static IReadOnlyList<string> TopicNames(RawValue raw, string key)
    {
        var names = Names(raw, key, "a list of topic names");
        foreach (var name in names)
        {
            if (TopicDefinition.NameProblem(name) is { } problem)
            {
                throw new ConfigException($"bad value for '{key}' ({raw.Origin}): {problem}");
            }
        }

        return [.. names.Distinct(StringComparer.Ordinal)];
    }

    private static LogLevel ParseLogLevel(RawValue raw, string key) =>
        LogLevelNames.Parse(Text(raw, key, "a log level")) ?? throw Invalid(raw, key, LogLevelNames.Expected);

    private static LogFormat ParseLogFormat(RawValue raw) =>
        Text(raw, "log_format", "a log format").ToLowerInvariant() switch
        {
            "text" => LogFormat.Text,
            "json" => LogFormat.Json,
            "systemd" => LogFormat.Systemd,
            _ => throw Invalid(raw, "log_format", "one of text, json, systemd"),
        };

    private static ListenAddress? ParseEndpoint(RawValue raw, string key)
    {
        var text = Text(raw, key, "HOST:PORT or \"none\"");
        if (text.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return ListenAddress.TryParse(text, out var address) ? address with { Configured = true } : throw Invalid(raw, key, "HOST:PORT (an IP address and a port) or \"none\"");
    }

    private static System.Net.IPEndPoint ParseListen(RawValue raw, string key) =>
        ListenAddress.TryParse(Text(raw, key, "HOST:PORT"), out var address) ? address.EndPoint : throw Invalid(raw, key, "HOST:PORT (an IP address and a port)");

    private static IReadOnlyList<PeerAddress> ParsePeers(RawValue raw, string key)
    {
        var expected = "a list of icn://<did>@<ip>:<port>";
        IEnumerable<object> items = raw.Value switch
        {
            List<object> list => list,
            string text when !raw.Typed => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            _ => throw Invalid(raw, key, expected),
        };
        return [.. items.Select(item => item is string text && PeerAddress.TryParse(text, out var peer)
            ? peer!
            : throw new ConfigException($"bad value for '{key}' ({raw.Origin}): {Describe(item)} is not icn://<did>@<ip>:<port>"))];
    }

    private static ConfigException Invalid(RawValue raw, string key, string expected) =>
        new($"bad value for '{key}' ({raw.Origin}): {Describe(raw.Value)}; expected {expected}");

    private static string Describe(object value) => value switch
    {
        string text => $"\"{text}\"",
        long or double => $"the number {Convert.ToString(value, CultureInfo.InvariantCulture)}",
        bool flag => flag ? "true" : "false",
        List<object> => "an array",
        _ => value.ToString() ?? "nothing",
    };
}

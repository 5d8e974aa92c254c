using Icn.Gossip;
using Icn.Ledger;
using Icn.Network;
using Icn.Node.Logging;
using Icn.Trust;

namespace Icn.Node.Configuration;

/// <summary>Everything <c>icnd</c> is told at start. Each field documents its key, default and unit.</summary>
public sealed record NodeOptions
{
    /// <summary><c>data_dir</c>: keystore, databases and cookies. Default <c>$ICN_DATA_DIR</c>, else <c>~/.icn</c>.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The log (<c>log_level</c>, <c>log_format</c>, <c>log_levels.*</c> keys).</summary>
    public LogOptions Log { get; init; } = new();

    /// <summary><c>password_file</c>: where the keystore passphrase is read from; none by default.</summary>
    public string? PasswordFile { get; init; }

    /// <summary>
    /// <c>rpc.addr</c>: <c>HOST:PORT</c> of the JSON-RPC endpoint, or null for none. Default 127.0.0.1:5601;
    /// every call needs the token icnd writes to <c>rpc.cookie</c> in the data directory.
    /// </summary>
    public ListenAddress? RpcAddress { get; init; } = ListenAddress.Parse(Icn.Rpc.NodeDefaults.RpcAddress);

    /// <summary>
    /// True when the operator set <c>network.listen</c>: then a P2P port that cannot be bound stops the node
    /// (exit 1) instead of leaving it running and not ready (see <see cref="ListenAddress.Configured"/>).
    /// </summary>
    public bool ListenConfigured { get; init; }

    /// <summary>The metrics, health and status endpoint.</summary>
    public ObservabilityOptions Observability { get; init; } = new();

    /// <summary>The peer network (<c>network.*</c> keys); runs only with an identity.</summary>
    public NetworkOptions Network { get; init; } = new();

    /// <summary>Gossip engine settings (<c>gossip.*</c> keys); runs only with an identity.</summary>
    public GossipOptions Gossip { get; init; } = new();

    /// <summary>The ledger (<c>ledger.*</c> keys).</summary>
    public LedgerOptions Ledger { get; init; } = new();

    /// <summary>The trust graph (<c>trust.*</c> keys; <c>trust.min_inbound_class</c> is the network's, which enforces it).</summary>
    public TrustOptions Trust { get; init; } = new();

    /// <summary>Free space and the read-only mode (<c>storage.*</c> keys).</summary>
    public StorageOptions Storage { get; init; } = new();

    /// <summary>
    /// <c>gossip.topics</c>: public topics created and subscribed at start. The first
    /// <c>gossip.metric_topics_max</c> (default 20) get their own per-topic series. Default none.
    /// </summary>
    public IReadOnlyList<string> GossipTopics { get; init; } = [];

    /// <summary>The default data directory: <c>~/.icn</c>.</summary>
    public static string DefaultDataDirectory => Icn.Rpc.NodeDefaults.DataDirectory;
}

/// <summary>Options of the observability endpoint.</summary>
public sealed record ObservabilityOptions
{
    /// <summary><c>metrics.addr</c>: <c>HOST:PORT</c> to serve /metrics on, or null for none. Default 0.0.0.0:9090.</summary>
    public ListenAddress? MetricsAddress { get; init; } = ListenAddress.Parse("0.0.0.0:9090");

    /// <summary><c>metrics.refresh_seconds</c>: how often gauges are refreshed. Default 10 s.</summary>
    public TimeSpan GaugeRefreshInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// <c>telemetry.otlp_endpoint</c>: an OpenTelemetry collector's OTLP/HTTP base address
    /// (e.g. http://collector:4318) to export traces and metrics to, or null (the default) for none.
    /// </summary>
    public Uri? OtlpEndpoint { get; init; }
}

/// <summary>Options of the data directory's storage.</summary>
public sealed record StorageOptions
{
    /// <summary>
    /// <c>storage.reserve_bytes</c>: below this much free space on the data directory's file system the node
    /// refuses writes until space returns. Default 64 MiB: enough for SQLite to checkpoint and shut down cleanly.
    /// </summary>
    public long ReserveBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary><c>storage.check_seconds</c>: how often free space is read. Default 1 s (one statfs call).</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(1);
}

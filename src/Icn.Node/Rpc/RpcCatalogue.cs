using Icn.Observability.Catalogue;
using Icn.Rpc;

namespace Icn.Node.Rpc;

/// <summary>Local control: JSON-RPC calls by method and outcome.</summary>
public static class RpcCatalogue
{
    private const string Component = "rpc";

    /// <summary>The label value for a method the node does not know, or a call refused before its method was read.</summary>
    public const string UnknownMethod = "unknown";

    /// <summary>The methods icnd answers (<see cref="RpcMethods.All"/>), and "unknown".</summary>
    public static IReadOnlyList<string> Methods { get; } = [.. RpcMethods.All, UnknownMethod];

    public static MetricDefinition Requests { get; } = MetricDefinition.Counter(Component, "icn_rpc_requests_total",
        "JSON-RPC requests, by method and outcome",
        "outcome=\"ok\": answered; \"refused\": the node declined (unknown topic, not a participant, no identity); "
        + "\"bad_request\": unparsable JSON, an invalid request, an unknown method, bad parameters or an oversized body; "
        + "\"unauthorized\": a missing or wrong token (HTTP 401); \"error\": a fault in the node.",
        labels: [new LabelDefinition("method", Methods), EnumLabels<RpcOutcome>.Label("outcome")]);

    public static MetricDefinition Duration { get; } = MetricDefinition.Histogram(Component, "icn_rpc_request_duration_seconds",
        "Time to answer a JSON-RPC request",
        "From the request's arrival to its response being written, every outcome included.",
        "seconds", [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]);

    public static IReadOnlyList<MetricDefinition> All { get; } = [Requests, Duration];
}

/// <summary>How a JSON-RPC call ended: the <c>outcome</c> label.</summary>
public enum RpcOutcome
{
    /// <summary>Answered.</summary>
    Ok,

    /// <summary>The node declined: unknown topic, not a participant, no identity, a full disk.</summary>
    Refused,

    /// <summary>Unparsable JSON, an invalid request, an unknown method, bad parameters or an oversized body.</summary>
    BadRequest,

    /// <summary>A missing or wrong token (HTTP 401).</summary>
    Unauthorized,

    /// <summary>A fault in the node.</summary>
    Error,
}

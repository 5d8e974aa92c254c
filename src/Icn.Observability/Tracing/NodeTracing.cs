using System.Diagnostics;
using System.Text;

namespace Icn.Observability.Tracing;

/// <summary>
/// The node's spans: one <see cref="ActivitySource"/> named <c>Icn</c> (what an OpenTelemetry
/// tracer subscribes to), the span names, and the W3C <c>traceparent</c> carried in message envelopes
/// so that a trace follows an entry from the node that published it to every node that stores it.
/// Spans are created only while something listens (OTLP export switched on, or a test's exporter).
/// </summary>
public static class NodeTracing
{
    public const string SourceName = "Icn";

    /// <summary>The DID of the node a span ran on, so that spans of several nodes can be told apart.</summary>
    public const string NodeTag = "icn.node";

    public const string Publish = "gossip.publish";
    public const string Send = "network.send";
    public const string Receive = "network.receive";
    public const string Store = "gossip.store";
    public const string Pay = "ledger.pay";
    public const string Apply = "ledger.apply";

    /// <summary>Length of a version-00 traceparent: 00-32 hex-16 hex-2 hex.</summary>
    public const int TraceParentLength = 55;

    public static ActivitySource Source { get; } = new(SourceName, typeof(NodeTracing).Assembly.GetName().Version?.ToString());

    /// <summary>
    /// Starts a span tagged with the node, as a child of the current span if that is one of ours, else as
    /// the root of a new trace; null when nobody listens. A foreign ambient activity (ASP.NET Core makes
    /// one per request, unsampled and never exported) would otherwise become the parent, and the
    /// parent-based sampler would drop every span of an RPC call.
    /// </summary>
    public static Activity? Start(string name, string node, ActivityKind kind = ActivityKind.Internal)
    {
        var ambient = Activity.Current;
        if (ambient is not null && ambient.Source != Source)
        {
            Activity.Current = null;
        }

        var activity = Source.StartActivity(name, kind)?.SetTag(NodeTag, node);
        if (activity is null)
        {
            Activity.Current = ambient;
        }

        return activity;
    }

    /// <summary>The traceparent of <paramref name="activity"/> as envelope bytes, or null without one.</summary>
    public static byte[]? TraceParent(Activity? activity) =>
        activity is null ? null : Encoding.ASCII.GetBytes($"00-{activity.TraceId}-{activity.SpanId}-{(activity.Recorded ? "01" : "00")}");

    /// <summary>Reads a traceparent from an envelope; false (and the context is ignored) when absent or malformed.</summary>
    public static bool TryParse(byte[]? traceParent, out ActivityContext context)
    {
        context = default;
        return traceParent is { Length: TraceParentLength }
            && traceParent.All(b => b is >= 0x20 and < 0x7f)
            && ActivityContext.TryParse(Encoding.ASCII.GetString(traceParent), null, isRemote: true, out context);
    }

    /// <summary>Most links a span following a batch carries; the rest of the batch is not linked.</summary>
    public const int MaxLinks = 16;

    /// <summary>
    /// Starts a span for work that a queue carried away from the spans that caused it (a batch of
    /// entries handed to the ledger): a child of the first cause, so the trace goes on across the queue,
    /// linked to the causes.
    /// </summary>
    public static Activity? StartFollowing(string name, string node, IEnumerable<ActivityContext> causes)
    {
        var linked = causes.Where(c => c != default).Distinct().Take(MaxLinks).ToList();
        return Source.StartActivity(name, ActivityKind.Internal, linked.FirstOrDefault(), links: [.. linked.Select(c => new ActivityLink(c))])
            ?.SetTag(NodeTag, node);
    }

    /// <summary>
    /// Starts the span of a message received with the sender's trace context: a child of the sender's
    /// span (so the trace spans both nodes) that also links to it.
    /// </summary>
    public static Activity? StartReceive(ActivityContext sender, string node) =>
        Source.StartActivity(Receive, ActivityKind.Consumer, sender, links: [new ActivityLink(sender)])?.SetTag(NodeTag, node);
}

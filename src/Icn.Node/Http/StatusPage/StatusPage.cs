using System.Buffers;
using System.Text.Json;
using Icn.Node.Components;
using Icn.Node.Startup;
using Icn.Node.Supervision;
using Icn.Observability.Health;
using Icn.Observability.Registry;
using Icn.Rpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Icn.Node.Http.StatusPage;

/// <summary>
/// The status page at <c>/</c> (one self-contained HTML file, embedded) and the <c>/status.json</c> and
/// <c>/trust.json</c> it polls: identity, readiness, uptime, peers, topics, the ledger in numbers, and the
/// trust neighbourhood it draws as a graph. The live charts are drawn in the browser from the node's own
/// <c>/metrics</c>.
/// </summary>
internal sealed class StatusPage(NodeIdentity identity, NodeHealth health, GaugeRefresher refresher, NetworkComponent network, GossipComponent gossip,
    LedgerComponent ledger, TrustComponent trust)
{
    private static readonly byte[] s_html = Load();
    private static readonly string s_version = BuildInfo.FromAssembly(typeof(StatusPage).Assembly).Version;

    public void Map(WebApplication app)
    {
        app.MapGet("/", context =>
        {
            var response = context.Response;
            response.ContentType = "text/html; charset=utf-8";
            // Everything the page needs is inline or from this node: nothing else may load.
            response.Headers.ContentSecurityPolicy = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'";
            response.Headers.XContentTypeOptions = "nosniff";
            return response.Body.WriteAsync(s_html, context.RequestAborted).AsTask();
        });
        app.MapGet("/status.json", WriteStatusAsync);
        app.MapGet("/trust.json", new TrustNeighbourhood(network, trust).WriteAsync);
    }

    private Task WriteStatusAsync(HttpContext context)
    {
        var report = health.Report();
        var body = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteString("did", identity.Did?.ToString());
            json.WriteString("version", s_version);
            json.WriteNumber("uptime_seconds", Math.Round(refresher.Uptime.TotalSeconds, 1));
            json.WriteBoolean("ready", report.Ready);
            json.WriteStartObject("components");
            foreach (var (component, state) in report.Components)
            {
                json.WriteString(component, state);
            }

            json.WriteEndObject();
            json.WriteNumber("peers", network.Network?.ConnectedPeers.Count ?? 0);
            json.WriteNumber("topics", gossip.Engine?.Topics().Count ?? 0);
            json.WritePropertyName("ledger");
            JsonSerializer.Serialize(json, ledger.Summary(), RpcJson.Default.LedgerSummary);

            json.WriteEndObject();
        }

        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.Body.WriteAsync(body.WrittenMemory, context.RequestAborted).AsTask();
    }

    private static byte[] Load()
    {
        using var stream = typeof(StatusPage).Assembly.GetManifestResourceStream("status.html")
            ?? throw new InvalidOperationException("status.html is not embedded in icnd");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

using System.Buffers;
using System.Text.Json;
using Icn.Core.Identity;
using Icn.Node.Components;
using Icn.Trust;
using Microsoft.AspNetCore.Http;

namespace Icn.Node.Http.StatusPage;

/// <summary>
/// <c>/trust.json</c>, what the status page draws: this node, its edges, the attestations it counts, and the peers
/// connected now, each with its class and score. DIDs, scores and classes only (labels and evidence stay behind
/// RPC's token), and at most <see cref="MaxNodes"/> DIDs: its own edges first, then its peers, then attested ones.
/// </summary>
internal sealed class TrustNeighbourhood(NetworkComponent network, TrustComponent trust)
{
    public const int MaxNodes = 200;

    public Task WriteAsync(HttpContext context)
    {
        var body = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(body))
        {
            Write(json);
        }

        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.Body.WriteAsync(body.WrittenMemory, context.RequestAborted).AsTask();
    }

    private void Write(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        if (trust.Book?.Graph is not { } graph)
        {
            json.WriteNull("self");
            json.WriteEndObject();
            return;
        }

        var connected = network.Network?.ConnectedPeers.ToHashSet() ?? [];
        var direct = graph.Direct().Select(a => a.Edge).ToList();
        var targets = direct.Select(e => e.Target).ToHashSet();
        var attested = graph.Attested().Select(a => a.Edge).Where(e => e.Score > 0).ToList();
        var shown = new[] { graph.Self }.Concat(direct.Select(e => e.Target)).Concat(connected).Concat(attested.Select(e => e.Target))
            .Distinct().Take(MaxNodes).ToHashSet();
        json.WriteString("self", graph.Self.ToString());
        json.WriteStartArray("nodes");
        foreach (var did in shown)
        {
            var score = graph.ScoreOf(did);
            json.WriteStartObject();
            json.WriteString("did", did.ToString());
            json.WriteString("class", TrustClasses.Of(score).Name());
            json.WriteNumber("score", Math.Round(score, 4));
            json.WriteBoolean("connected", connected.Contains(did));
            json.WriteBoolean("direct", targets.Contains(did));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("links");
        foreach (var (edge, kind) in direct.Select(e => (e, "direct")).Concat(attested.Select(e => (e, "attested"))))
        {
            if (shown.Contains(edge.Source) && shown.Contains(edge.Target))
            {
                WriteLink(json, edge.Source, edge.Target, edge.Score, kind);
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteLink(Utf8JsonWriter json, Did source, Did target, double score, string kind)
    {
        json.WriteStartObject();
        json.WriteString("source", source.ToString());
        json.WriteString("target", target.ToString());
        json.WriteNumber("score", score);
        json.WriteString("kind", kind);
        json.WriteEndObject();
    }
}

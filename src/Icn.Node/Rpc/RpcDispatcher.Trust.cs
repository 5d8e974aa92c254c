using System.Text.Json;
using Icn.Core.Identity;
using Icn.Node.Components;
using Icn.Rpc;
using Icn.Trust;
using Icn.Trust.Edges;

namespace Icn.Node.Rpc;

internal sealed partial class RpcDispatcher
{
    private TrustBook Trust => Require(trust.Book, "trust graph", TrustComponent.Name);

    private JsonElement TrustAdd(TrustAddParams request)
    {
        var target = DidOf(request.Did);
        _ = Trust;
        if (request.ExpiresSeconds is <= 0)
        {
            throw new RpcException(RpcErrorCodes.InvalidParams, "bad params: expires_seconds must be positive");
        }

        try
        {
            var edge = trust.Add(target, request.Score, request.Labels ?? [], request.Evidence ?? "",
                request.ExpiresSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null);
            return JsonSerializer.SerializeToElement(View(edge), RpcJson.Default.TrustEdgeView);
        }
        catch (ArgumentException e)
        {
            throw new RpcException(RpcErrorCodes.InvalidParams, $"bad params: {e.Message.Split(" (Parameter")[0]}");
        }
    }

    private JsonElement TrustRemove(TrustDidParams request)
    {
        var target = DidOf(request.Did);
        _ = Trust;
        return JsonSerializer.SerializeToElement(new TrustRemoved(request.Did, trust.Remove(target)), RpcJson.Default.TrustRemoved);
    }

    private JsonElement TrustList() =>
        JsonSerializer.SerializeToElement(Trust.Graph.Direct().Select(View).ToArray(), RpcJson.Default.TrustEdgeViewArray);

    private JsonElement TrustShow(TrustDidParams request)
    {
        var explained = Trust.Graph.Explain(DidOf(request.Did));
        var view = new TrustShowView(request.Did, explained.Score, explained.Class.Name(),
            [.. explained.Paths.Select(p => new TrustPathView(p.Via?.ToString(), p.Score, Math.Round(p.Contribution, 4)))],
            network.Network?.ConnectedPeers.Contains(explained.Target) ?? false);
        return JsonSerializer.SerializeToElement(view, RpcJson.Default.TrustShowView);
    }

    private TrustEdgeView View(Attestation attestation)
    {
        var edge = attestation.Edge;
        return new TrustEdgeView(edge.Target.ToString(), edge.Score, Trust.Graph.ClassOf(edge.Target).Name(), edge.Labels, edge.Evidence, edge.CreatedMs, edge.ExpiresMs);
    }

    private static Did DidOf(string? text) => Did.TryParse(text, out var did) ? did
        : throw new RpcException(RpcErrorCodes.InvalidParams, $"bad params: '{text}' is not a DID (did:icn:z...)");
}

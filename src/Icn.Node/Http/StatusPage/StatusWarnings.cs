using Icn.Core.Time;
using Icn.Gossip;
using Icn.Network;
using Icn.Node.Configuration;
using Icn.Observability.Catalogue;
using Icn.Observability.Health;
using Icn.Rpc;

namespace Icn.Node.Http.StatusPage;

/// <summary>One thing an operator should look at: <c>error</c> (the node is not doing its job) or <c>warning</c>.</summary>
internal sealed record StatusWarning(string Level, string Text);

/// <summary>
/// What the status page lists above everything else: not ready and why, every problem the components report (storage,
/// damage, catch-up), no identity, no peers, bootstrap peers not connected, a peer's clock far off, and limits that
/// refused something in the last <see cref="LimitWindow"/>.
/// </summary>
internal static class StatusWarnings
{
    /// <summary>How far a peer's clock may be off before it is shown: a fifth of what makes its entries refused.</summary>
    public static readonly TimeSpan ClockSkew = SignedTimestamps.MaxAhead / 5;

    public static readonly TimeSpan LimitWindow = TimeSpan.FromMinutes(5);

    private static readonly (MetricDefinition Counter, string What)[] s_limits =
    [
        (NetworkCatalogue.SessionsRefused, "peer sessions refused at the session limits"),
        (NetworkCatalogue.MessagesDropped, "peer messages dropped (rate limits, full send queues)"),
        (HttpCatalogue.ConnectionsRefused, "HTTP connections refused at the connection limit"),
        (GossipCatalogue.MissingEntriesUntracked, "announced entries not tracked (missing-entry table full)"),
    ];

    public static List<StatusWarning> Of(ReadinessReport report, bool hasIdentity, PeerNetwork? network, NodeOptions options,
        IReadOnlyList<PeerLinkView> peers, StatusHistory history)
    {
        var warnings = new List<StatusWarning>();
        if (!report.Ready)
        {
            var waiting = report.Components.Where(c => c.Value != "running").Select(c => $"{c.Key} {c.Value}");
            warnings.Add(new("error", $"not ready: {(report.Started ? string.Join(", ", waiting) : "still starting")}"));
        }

        warnings.AddRange(report.Problems.Select(p => new StatusWarning("error", $"{p.Key}: {p.Value}")));
        if (!hasIdentity)
        {
            warnings.Add(new("error", "no identity: the node runs without its peer network, gossip and ledger (icnctl id init, then restart)"));
        }

        if (network is not null)
        {
            AddPeerWarnings(warnings, network, options, peers);
        }

        foreach (var (counter, what) in s_limits)
        {
            if (history.Increase(counter, LimitWindow) is > 0 and var refused)
            {
                warnings.Add(new("warning", $"{refused:0} {what} in the last {LimitWindow.TotalMinutes:0} minutes"));
            }
        }

        return warnings;
    }

    private static void AddPeerWarnings(List<StatusWarning> warnings, PeerNetwork network, NodeOptions options, IReadOnlyList<PeerLinkView> peers)
    {
        if (peers.Count == 0)
        {
            warnings.Add(new("error", "no peers: this node reaches nobody, and nobody reaches it"));
        }

        var connected = network.ConnectedPeers.ToHashSet();
        foreach (var bootstrap in options.Network.BootstrapPeers.Where(b => !connected.Contains(b.Did)))
        {
            warnings.Add(new("warning", $"bootstrap peer {bootstrap.Did} at {bootstrap.Host}:{bootstrap.Port} is not connected"));
        }

        foreach (var peer in peers.Where(p => Math.Abs(p.ClockOffsetMs) > ClockSkew.TotalMilliseconds))
        {
            warnings.Add(new("warning", $"peer {peer.Did}'s clock is {Math.Abs(peer.ClockOffsetMs) / 1000:0} s {(peer.ClockOffsetMs > 0 ? "ahead" : "behind")}: "
                + $"entries signed more than {SignedTimestamps.MaxAhead.TotalMinutes:0} minutes ahead are refused"));
        }
    }
}

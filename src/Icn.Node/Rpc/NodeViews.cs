using Icn.Core.Amounts;
using Icn.Gossip.Engine;
using Icn.Ledger.Records;
using Icn.Network;
using Icn.Network.Transport;
using Icn.Observability.Catalogue;
using Icn.Rpc;

namespace Icn.Node.Rpc;

/// <summary>The node's state as the RPC contract shows it: one builder for each view, shared by the RPC and the status page.</summary>
internal static class NodeViews
{
    public static PeerLinkView[] Peers(PeerNetwork network, GossipEngine? engine) =>
        [.. network.PeerStates().Select(p => new PeerLinkView(p.Peer.ToString(), p.Address, EnumLabels<Direction>.Of(p.Direction),
            p.ConnectedSince.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture), EnumLabels<Trust.TrustClass>.Of(p.Class),
            p.RoundTrip?.TotalMilliseconds, p.SmoothedRoundTrip?.TotalMilliseconds, p.ClockOffset.TotalMilliseconds,
            p.MessagesSent, p.MessagesReceived, p.BytesSent, p.BytesReceived, p.QueuedBytes,
            p.Drops.ToDictionary(d => EnumLabels<DropReason>.Of(d.Key), d => d.Value), engine?.SharedTopics(p.Peer) ?? 0,
            engine?.MisbehaviourScore(p.Peer) ?? 0))];

    public static TopicView Topic(TopicInfo topic) => new(topic.Definition.Name, topic.Definition.AccessName,
        [.. topic.Definition.Participants.Select(p => p.ToString())], topic.Definition.MaxEntries, (long)topic.Definition.Retention.TotalSeconds,
        topic.Subscribed, topic.Entries, topic.PeerSubscribers, topic.ActivePeers.Count);

    public static CurrencyView Currency(CurrencyRecord c, int accounts) =>
        new(c.Symbol, c.Decimals, c.Description, c.DefaultCreditLimit, c.Creator.ToString(), accounts, MinorUnits.Format(c.DefaultCreditLimit, c.Decimals));
}

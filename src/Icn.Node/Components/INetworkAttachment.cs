using Icn.Gossip.Engine;
using Icn.Network;

namespace Icn.Node.Components;

/// <summary>
/// A component that rides on the peer network. <see cref="NetworkComponent"/> attaches each, in its own
/// fixed order, after the network is built and before it opens, so it hears every peer and every message
/// from the first; and detaches them in reverse order before the network closes.
/// </summary>
internal interface INetworkAttachment
{
    ValueTask AttachAsync(PeerNetwork network);

    ValueTask DetachAsync(PeerNetwork network);
}

/// <summary>The gossip engine that other components build on (the ledger), once it runs.</summary>
internal interface IGossipHost
{
    /// <summary>The running engine; null in system-only mode, before start, or when gossip.db could not be opened.</summary>
    GossipEngine? Engine { get; }
}

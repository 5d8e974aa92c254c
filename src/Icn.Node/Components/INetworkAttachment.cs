using Icn.Network;

namespace Icn.Node.Components;

/// <summary>
/// A component that rides on the peer network. It is attached after the network is built and before
/// it opens, so it hears every peer and every message from the first; it is detached before the
/// network closes.
/// </summary>
internal interface INetworkAttachment
{
    void Attach(PeerNetwork network);

    void Detach(PeerNetwork network);
}

using Icn.Core.Hashing;
using Icn.Core.Identity;
using Icn.Gossip.Entries;
using Microsoft.Extensions.Logging;

namespace Icn.Gossip.Engine;

public sealed partial class GossipEngine
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Refused entry {Id} from {Peer}: {Reason}")]
    private partial void LogRejected(Did peer, ContentHash id, RejectReason reason);
}

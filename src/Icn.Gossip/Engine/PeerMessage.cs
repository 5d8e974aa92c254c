using System.Diagnostics;
using Icn.Core.Identity;
using Icn.Protocol.Messages;

namespace Icn.Gossip.Engine;

/// <summary>A message from an authenticated peer, with the trace context it came in (default: none).</summary>
public readonly record struct PeerMessage(Did From, Message Message, ActivityContext Cause = default);

namespace Icn.Gossip.Engine;

/// <summary>A local gossip operation refused, with a message fit to show the person who asked.</summary>
public sealed class GossipException(string message) : Exception(message);

namespace Icn.Gossip.Engine;

/// <summary>A local gossip operation refused, with a message fit to show the person who asked.</summary>
public sealed class GossipException(string message, bool busy = false) : Exception(message)
{
    /// <summary>Refused only because a bound was reached (the publish queue is full): the same call may succeed shortly.</summary>
    public bool Busy { get; } = busy;
}

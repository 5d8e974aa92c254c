namespace Icn.Protocol.Framing;

/// <summary>How a frame can be wrong on the wire.</summary>
public enum FrameError
{
    /// <summary>A length prefix of zero.</summary>
    Empty,

    /// <summary>A length prefix above the limit; nothing was allocated for it.</summary>
    Oversize,

    /// <summary>The stream ended inside a frame.</summary>
    Truncated,
}

/// <summary>A framing violation; the session is closed.</summary>
public sealed class FrameException(FrameError error, string message) : Exception(message)
{
    public FrameError Error { get; } = error;
}

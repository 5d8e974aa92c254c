namespace Icn.Network.Sessions;

/// <summary>Why a session ended; errors carry the kind that was counted.</summary>
public sealed record SessionClose(string Reason, NetworkError? Error = null)
{
    /// <summary>The peer misbehaved: the network bans it for <see cref="NetworkOptions.BanTime"/>.</summary>
    public bool Misbehaved { get; init; }

    public static SessionClose Normal(string reason) => new(reason);
}

namespace Icn.Network.Sessions;

/// <summary>Why a session ended; errors carry the kind that was counted.</summary>
public sealed record SessionClose(string Reason, NetworkError? Error = null)
{
    public static SessionClose Normal(string reason) => new(reason);
}

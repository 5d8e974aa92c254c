using System.Net;
using Icn.Core.Identity;

namespace Icn.Network.Transport;

/// <summary>Which side opened a connection.</summary>
public enum Direction
{
    Inbound,
    Outbound,
}

/// <summary>A connection whose peer identity has been verified; everything above trusts <see cref="Peer"/>.</summary>
public sealed class AuthenticatedConnection(Did peer, Stream stream, Direction direction, EndPoint remote) : IAsyncDisposable
{
    public Did Peer { get; } = peer;

    public Stream Stream { get; } = stream;

    public Direction Direction { get; } = direction;

    public EndPoint Remote { get; } = remote;

    public ValueTask DisposeAsync() => Stream.DisposeAsync();
}

/// <summary>A dial or accept that did not produce a verified peer; <see cref="Kind"/> is what is counted.</summary>
public sealed class HandshakeException(NetworkError kind, string message, Exception? inner = null) : Exception(message, inner)
{
    public NetworkError Kind { get; } = kind;
}

/// <summary>
/// Authenticated, encrypted byte streams between nodes. TLS 1.3 over TCP today; QUIC can implement
/// the same contract where the runtime supports it.
/// </summary>
public interface ITransport : IAsyncDisposable
{
    /// <summary>Starts accepting; each verified inbound connection is handed to <paramref name="accepted"/>.</summary>
    Task<IPEndPoint> ListenAsync(IPEndPoint endPoint, Func<AuthenticatedConnection, Task> accepted, CancellationToken cancellationToken);

    /// <summary>Connects and verifies the peer; with <paramref name="expected"/>, any other DID is refused.</summary>
    Task<AuthenticatedConnection> DialAsync(IPEndPoint endPoint, Did? expected, CancellationToken cancellationToken);
}

using Icn.Core.Identity;
using Icn.Network.Sessions;
using Icn.Network.Transport;
using Icn.Observability.Tracing;
using Icn.Protocol.Messages;

namespace Icn.Network;

public sealed partial class PeerNetwork
{
    /// <summary>
    /// Makes a verified connection the peer's session. When both sides dial at once, each ends up
    /// with two connections; both keep the one dialled by the smaller DID, so they agree without talking.
    /// </summary>
    private async Task AdoptAsync(AuthenticatedConnection connection)
    {
        if (connection.Peer == _self)
        {
            await connection.DisposeAsync();
            return;
        }

        var session = new PeerSession(connection, _options, _metrics, _time, _log);
        PeerSession? loser;
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested)
            {
                loser = session;
            }
            else if (_sessions.TryGetValue(connection.Peer, out var existing) && !Replaces(session, existing))
            {
                loser = session;
            }
            else
            {
                loser = existing;
                _sessions[connection.Peer] = session;
                _metrics.ConnectionsTotal.Increment();
                _metrics.ConnectionsActive.Set(_sessions.Count);
            }
        }

        if (loser is not null)
        {
            await loser.CloseAsync(SessionClose.Normal("a simultaneous connection to the same peer was kept instead"));
        }

        if (loser == session)
        {
            return;
        }

        // Listeners hear of the peer before its first message is read, so nothing it sends finds them unprepared.
        LogOpened(_log, session.Peer.ToString(), session.Direction);
        _handler?.PeerConnected(session.Peer);
        session.Start(DeliverAsync);
        _ = ForgetWhenClosedAsync(session);
    }

    private bool Replaces(PeerSession candidate, PeerSession existing)
    {
        var candidateDialer = Dialer(candidate);
        var existingDialer = Dialer(existing);
        // Same dialler: a reconnect while the old connection is not yet known dead; the new one wins.
        return candidateDialer == existingDialer
            || string.CompareOrdinal(candidateDialer.ToString(), existingDialer.ToString()) < 0;
    }

    private Did Dialer(PeerSession session) => session.Direction == Direction.Outbound ? _self : session.Peer;

    private async Task ForgetWhenClosedAsync(PeerSession session)
    {
        await session.Closed;
        bool removed;
        lock (_gate)
        {
            removed = _sessions.TryGetValue(session.Peer, out var current) && current == session && _sessions.Remove(session.Peer);
            _metrics.ConnectionsActive.Set(_sessions.Count);
        }

        if (removed)
        {
            _handler?.PeerDisconnected(session.Peer);
        }
    }

    private async ValueTask DeliverAsync(PeerSession session, Envelope envelope)
    {
        if (_handler is not { } handler)
        {
            return;
        }

        // A message sent within a trace continues it here (a malformed context is ignored).
        using var receive = NodeTracing.TryParse(envelope.TraceContext, out var sender) ? NodeTracing.StartReceive(sender, _self.ToString()) : null;
        receive?.SetTag("icn.message", envelope.Message.Type.ToString());
        await handler.ReceiveAsync(session.Peer, envelope);
    }

    private PeerSession? SessionOf(Did peer)
    {
        lock (_gate)
        {
            return _sessions.GetValueOrDefault(peer);
        }
    }
}

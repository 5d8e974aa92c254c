using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Icn.Node.Http;

/// <summary>
/// Holds one HTTP port to its connection cap at the socket. Kestrel's own cap closes surplus connections only
/// after dispatching them, so a crowd of clients can open descriptors faster than they are closed, and a process
/// out of descriptors aborts ("Out of memory."). Here a surplus connection is closed before Kestrel sees it, so
/// the port never holds more than its cap plus the one being closed; and a failed accept (EMFILE) backs off and
/// accepts again, where Kestrel's accept loop would end for good.
/// </summary>
internal sealed partial class ConnectionGate(IConnectionListenerFactory inner, int limit, HttpPortMetrics metrics, ILogger log)
    : IConnectionListenerFactory
{
    private static readonly TimeSpan s_firstBackoff = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan s_lastBackoff = TimeSpan.FromSeconds(1);
    private int _open;

    public async ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        metrics.Limit.Set(limit);
        return new Listener(await inner.BindAsync(endpoint, cancellationToken), this);
    }

    private async ValueTask<ConnectionContext?> AcceptAsync(IConnectionListener listener, CancellationToken cancellationToken)
    {
        var backoff = s_firstBackoff;
        while (true)
        {
            ConnectionContext? connection;
            try
            {
                connection = await listener.AcceptAsync(cancellationToken);
            }
            catch (SocketException e)
            {
                metrics.Refused[HttpRefusal.AcceptFailed].Increment();
                LogAcceptFailed(log, listener.EndPoint, e.Message, backoff.TotalMilliseconds);
                await Task.Delay(backoff, cancellationToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, s_lastBackoff.Ticks));
                continue;
            }

            backoff = s_firstBackoff;
            if (connection is null || TryAdmit(connection))
            {
                return connection;
            }

            metrics.Refused[HttpRefusal.Limit].Increment();
            connection.Abort();
            await connection.DisposeAsync();
        }
    }

    private bool TryAdmit(ConnectionContext connection)
    {
        if (Interlocked.Increment(ref _open) > limit)
        {
            Interlocked.Decrement(ref _open);
            return false;
        }

        metrics.Active.Set(Volatile.Read(ref _open));
        // The token fires once the transport has closed the socket, which is when its descriptor is free again.
        connection.ConnectionClosed.Register(() => metrics.Active.Set(Interlocked.Decrement(ref _open)));
        return true;
    }

    private sealed class Listener(IConnectionListener inner, ConnectionGate gate) : IConnectionListener
    {
        public EndPoint EndPoint => inner.EndPoint;

        public ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default) => gate.AcceptAsync(inner, cancellationToken);

        public ValueTask UnbindAsync(CancellationToken cancellationToken = default) => inner.UnbindAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    [LoggerMessage(EventId = 1701, Level = LogLevel.Warning, Message = "HTTP port {EndPoint} cannot accept a connection ({Reason}); accepting again in {BackoffMs} ms")]
    private static partial void LogAcceptFailed(ILogger logger, EndPoint endPoint, string reason, double backoffMs);
}

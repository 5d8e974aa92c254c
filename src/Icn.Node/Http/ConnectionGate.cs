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
    private readonly Lock _gate = new();
    private readonly Dictionary<IPAddress, int> _byAddress = [];
    private int _open;

    /// <summary>Connections one address holds on the port at once: half the cap, so that no one client holds it all.</summary>
    public int PerAddress => Math.Max(1, limit / 2);

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
            if (connection is null || Admission(connection) is not { } refusal)
            {
                return connection;
            }

            metrics.Refused[refusal].Increment();
            connection.Abort();
            await connection.DisposeAsync();
        }
    }

    /// <summary>Why the connection is refused, or null once it holds a slot (given back when its socket closes).</summary>
    private HttpRefusal? Admission(ConnectionContext connection)
    {
        var address = (connection.RemoteEndPoint as IPEndPoint)?.Address ?? IPAddress.None;
        lock (_gate)
        {
            if (_open >= limit)
            {
                return HttpRefusal.Limit;
            }

            var held = _byAddress.GetValueOrDefault(address);
            if (held >= PerAddress)
            {
                return HttpRefusal.PerIp;
            }

            _byAddress[address] = held + 1;
            metrics.Active.Set(++_open);
        }

        // The token fires once the transport has closed the socket, which is when its descriptor is free again.
        connection.ConnectionClosed.Register(() => Release(address));
        return null;
    }

    private void Release(IPAddress address)
    {
        lock (_gate)
        {
            if (--_byAddress[address] == 0)
            {
                _byAddress.Remove(address);
            }

            metrics.Active.Set(--_open);
        }
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

using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Icn.Core.Identity;
using Icn.Identity.Keys;
using Icn.Network.Sessions;
using Icn.Network.Tls;
using Icn.Observability.Catalogue;
using Microsoft.Extensions.Logging;

namespace Icn.Network.Transport;

/// <summary>
/// TLS 1.3 over TCP with mutual authentication. Each side presents a throw-away certificate bound to
/// its identity (<see cref="CertificateBinding"/>) and verifies the other's; chain errors of the
/// self-signed certificates are irrelevant, the binding is the trust.
/// </summary>
public sealed partial class TlsTcpTransport : ITransport
{
    private static readonly SslApplicationProtocol s_alpn = new("icn/1");

    private readonly NetworkOptions _options;
    private readonly NetworkMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly NodeCertificate _certificate;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _handshakeSlots;
    private readonly TokenBucket _handshakeRate;
    private readonly Dictionary<IPAddress, int> _handshakesByAddress = [];
    private TcpListener? _listener;
    private Task _acceptLoop = Task.CompletedTask;

    public TlsTcpTransport(IdentityKeyPair identity, NetworkOptions options, NetworkMetrics metrics, TimeProvider time, ILogger log)
        : this(() => CertificateBinding.Create(identity, time), options, metrics, time, log)
    {
    }

    /// <summary>A transport presenting the certificates <paramref name="issue"/> makes (a fresh one before each expires).</summary>
    internal TlsTcpTransport(Func<X509Certificate2> issue, NetworkOptions options, NetworkMetrics metrics, TimeProvider time, ILogger log)
    {
        _options = options;
        _metrics = metrics;
        _time = time;
        _log = log;
        _certificate = new NodeCertificate(issue, time);
        // Made now, not at the first handshake: a node that cannot make one fails at start, and no dial pays for it.
        _certificate.Current();
        _handshakeSlots = new SemaphoreSlim(options.MaxPendingHandshakes);
        _handshakeRate = new TokenBucket(options.HandshakesPerSecond, Math.Max(1, options.HandshakesPerSecond / 5), time);
    }

    public Task<IPEndPoint> ListenAsync(IPEndPoint endPoint, Func<AuthenticatedConnection, Task> accepted, CancellationToken cancellationToken)
    {
        _listener = new TcpListener(endPoint);
        _listener.Start();
        _acceptLoop = AcceptLoopAsync(_listener, accepted);
        return Task.FromResult((IPEndPoint)_listener.LocalEndpoint);
    }

    public async Task<AuthenticatedConnection> DialAsync(IPEndPoint endPoint, Did? expected, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        timeout.CancelAfter(_options.HandshakeTimeout);
        var started = Stopwatch.GetTimestamp();
        var client = new TcpClient(endPoint.AddressFamily) { NoDelay = true };
        try
        {
            await client.ConnectAsync(endPoint, timeout.Token);
            var verifier = new PeerVerifier(_time, expected);
            var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false, verifier.Callback);
            await HandshakeAsync(verifier, () => tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "icn-node",
                ClientCertificateContext = _certificate.Current(),
                EnabledSslProtocols = SslProtocols.Tls13,
                ApplicationProtocols = [s_alpn],
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            }, timeout.Token));
            _metrics.HandshakeDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
            return new AuthenticatedConnection(verifier.Peer!, tls, Direction.Outbound, endPoint);
        }
        catch (Exception e) when (e is not HandshakeException)
        {
            client.Dispose();
            throw new HandshakeException(NetworkError.Handshake, $"cannot connect to {endPoint}: {e.Message}", e);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener?.Stop();
        await _acceptLoop;
        _stopping.Dispose();
        _certificate.Dispose();
    }

    // A failing accept (descriptors exhausted, say) never ends the loop: it backs off, from 10 ms to 1 s, and goes on.
    private async Task AcceptLoopAsync(TcpListener listener, Func<AuthenticatedConnection, Task> accepted)
    {
        var backoff = TimeSpan.Zero;
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(_stopping.Token);
                backoff = TimeSpan.Zero;
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                break;
            }
            catch (SocketException e)
            {
                _metrics.Refused(SessionRefusal.AcceptFailed);
                backoff = backoff == TimeSpan.Zero ? TimeSpan.FromMilliseconds(10) : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.TicksPerSecond));
                LogAcceptFailed(_log, e.Message, backoff.TotalMilliseconds);
                await Task.Delay(backoff, _time, _stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                continue;
            }

            // Past the handshake rate the loop waits; the dialers behind this one wait in the kernel's backlog.
            while (!_handshakeRate.TryTake() && !_stopping.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(1 / _options.HandshakesPerSecond), _time, _stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }

            if (Admit(socket) is { } refusal)
            {
                _metrics.Refused(refusal);
                LogRefused(_log, socket.RemoteEndPoint?.ToString() ?? "?", EnumLabels<SessionRefusal>.Of(refusal));
                socket.Dispose();
                continue;
            }

            // On the pool: a connection's TLS setup runs synchronously up to its first await, and the accept loop must
            // not carry it, or a dial storm keeps one thread busy while the rest of the node waits for it.
            _ = Task.Run(() => AcceptOneAsync(socket, accepted));
        }
    }

    /// <summary>Takes a handshake slot, overall and for the remote address, or says why not.</summary>
    private SessionRefusal? Admit(Socket socket)
    {
        var address = RemoteAddress.Of(socket.RemoteEndPoint);
        lock (_handshakesByAddress)
        {
            if (_handshakesByAddress.GetValueOrDefault(address) >= _options.MaxHandshakesPerIp)
            {
                return SessionRefusal.PerIp;
            }

            if (!_handshakeSlots.Wait(0))
            {
                return SessionRefusal.HandshakeLimit;
            }

            _handshakesByAddress[address] = _handshakesByAddress.GetValueOrDefault(address) + 1;
            return null;
        }
    }

    private void Release(IPAddress address)
    {
        lock (_handshakesByAddress)
        {
            if (--_handshakesByAddress[address] == 0)
            {
                _handshakesByAddress.Remove(address);
            }

            _handshakeSlots.Release();
        }
    }

    private async Task AcceptOneAsync(Socket socket, Func<AuthenticatedConnection, Task> accepted)
    {
        socket.NoDelay = true;
        var remote = socket.RemoteEndPoint!;
        var address = RemoteAddress.Of(socket.RemoteEndPoint);
        var started = Stopwatch.GetTimestamp();
        var verifier = new PeerVerifier(_time, expected: null);
        var tls = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false, verifier.Callback);
        CancellationTokenSource? deadline = null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            timeout.CancelAfter(_options.InboundHandshakeTimeout);
            deadline = timeout;
            await HandshakeAsync(verifier, () => tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificateContext = _certificate.Current(),
                ClientCertificateRequired = true,
                EnabledSslProtocols = SslProtocols.Tls13,
                ApplicationProtocols = [s_alpn],
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            }, timeout.Token));
        }
        catch (HandshakeException e)
        {
            _metrics.Error(e.Kind);
            if (deadline?.IsCancellationRequested == true && !_stopping.IsCancellationRequested)
            {
                _metrics.Refused(SessionRefusal.HandshakeTimeout);
            }

            LogRefused(_log, remote.ToString() ?? "?", e.Message);
            await tls.DisposeAsync();
            return;
        }
        finally
        {
            Release(address);
        }

        _metrics.HandshakeDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        await accepted(new AuthenticatedConnection(verifier.Peer!, tls, Direction.Inbound, remote));
    }

    // Turns the ways a TLS handshake can fail into the two counted kinds: identity when the peer's
    // binding did not verify or named someone else, handshake for everything else.
    private static async Task HandshakeAsync(PeerVerifier verifier, Func<Task> authenticate)
    {
        try
        {
            await authenticate();
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            if (verifier.Failure is { } identityFailure)
            {
                throw new HandshakeException(NetworkError.Identity, identityFailure, e);
            }

            throw new HandshakeException(NetworkError.Handshake, $"TLS handshake failed: {e.Message}", e);
        }

        if (verifier.Peer is null)
        {
            throw new HandshakeException(NetworkError.Identity, verifier.Failure ?? "the peer presented no certificate");
        }
    }

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "accepting a peer connection failed ({Reason}); trying again in {DelayMs} ms")]
    private static partial void LogAcceptFailed(ILogger logger, string reason, double delayMs);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "refused inbound connection from {Remote}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string remote, string reason);

    /// <summary>Checks the peer's certificate binding during the handshake and remembers the outcome.</summary>
    private sealed class PeerVerifier(TimeProvider time, Did? expected)
    {
        public Did? Peer { get; private set; }

        public string? Failure { get; private set; }

        public RemoteCertificateValidationCallback Callback => (_, certificate, _, _) => Validate(certificate);

        private bool Validate(X509Certificate? certificate)
        {
            if (certificate is not X509Certificate2 peerCertificate)
            {
                Failure = "the peer presented no certificate";
                return false;
            }

            try
            {
                var did = CertificateBinding.Verify(peerCertificate, time);
                if (expected is not null && did != expected)
                {
                    Failure = $"dialled {expected} but the peer is {did}";
                    return false;
                }

                Peer = did;
                return true;
            }
            catch (IdentityBindingException e)
            {
                Failure = e.Message;
                return false;
            }
        }
    }
}

using System.Net;
using Icn.Core.Identity;
using Icn.Identity.Keys;
using Icn.Network;
using Icn.Network.Discovery;
using Icn.Network.Transport;
using Icn.Observability.Registry;
using Microsoft.Extensions.Logging.Abstractions;

namespace Icn.Adversary;

/// <summary>
/// Many fresh identities, each with its certificate made in advance (that costs far more CPU than dialling), that dial
/// one node over the real transport and hold whatever connection it admits, sending nothing.
/// </summary>
internal sealed class Crowd : IAsyncDisposable
{
    private static readonly NetworkOptions s_options = new()
    {
        ListenAddress = new IPEndPoint(IPAddress.Loopback, 0),
        Discovery = new DiscoveryOptions { Enabled = false },
    };

    private readonly List<(IdentityKeyPair Identity, TlsTcpTransport Transport)> _dialers;
    private readonly List<AuthenticatedConnection> _admitted = [];

    private Crowd(List<(IdentityKeyPair, TlsTcpTransport)> dialers) => _dialers = dialers;

    public static Crowd Prepare(int identities) => new([.. Enumerable.Range(0, identities).Select(_ =>
    {
        var identity = IdentityKeyPair.Generate();
        return (identity, new TlsTcpTransport(identity, s_options, new NetworkMetrics(new MetricRegistry()), TimeProvider.System, NullLogger.Instance));
    })]);

    /// <summary>Dials with every identity, <paramref name="concurrency"/> at a time; says how many the node admitted.</summary>
    public async Task<int> DialAsync(int port, Did node, int concurrency)
    {
        using var gate = new SemaphoreSlim(concurrency);
        await Task.WhenAll(_dialers.Select(async dialer =>
        {
            await gate.WaitAsync();
            try
            {
                var connection = await dialer.Transport.DialAsync(new IPEndPoint(IPAddress.Loopback, port), node, CancellationToken.None);
                lock (_admitted)
                {
                    _admitted.Add(connection);
                }
            }
            catch (HandshakeException)
            {
                // refused at the handshake: the node's to count
            }
            finally
            {
                gate.Release();
            }
        }));
        return _admitted.Count;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _admitted)
        {
            await connection.DisposeAsync();
        }

        foreach (var (identity, transport) in _dialers)
        {
            await transport.DisposeAsync();
            identity.Dispose();
        }
    }
}

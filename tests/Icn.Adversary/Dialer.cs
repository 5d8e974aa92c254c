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
/// A fresh identity with its certificate made, ready to dial a node on loopback: making them costs far more CPU than
/// dialling, so a crowd is prepared before the moment a test measures.
/// </summary>
public sealed class Dialer : IAsyncDisposable
{
    /// <summary>What every hostile peer runs with: loopback only, no discovery.</summary>
    public static NetworkOptions Options { get; } = new()
    {
        ListenAddress = new IPEndPoint(IPAddress.Loopback, 0),
        Discovery = new DiscoveryOptions { Enabled = false },
    };

    private readonly IdentityKeyPair _identity;
    private readonly TlsTcpTransport _transport;

    private Dialer(IdentityKeyPair identity)
    {
        _identity = identity;
        _transport = new TlsTcpTransport(identity, Options, new NetworkMetrics(new MetricRegistry()), TimeProvider.System, NullLogger.Instance);
    }

    public static Dialer Create() => new(IdentityKeyPair.Generate());

    public Task<AuthenticatedConnection> DialAsync(int port, Did node, CancellationToken cancellationToken = default) =>
        _transport.DialAsync(new IPEndPoint(IPAddress.Loopback, port), node, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _transport.DisposeAsync();
        _identity.Dispose();
    }
}

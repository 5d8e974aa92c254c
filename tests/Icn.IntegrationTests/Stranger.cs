using System.Net;
using Icn.Core.Identity;
using Icn.Identity.Keys;
using Icn.Network;
using Icn.Network.Transport;
using Icn.Observability.Registry;
using Microsoft.Extensions.Logging.Abstractions;

namespace Icn.IntegrationTests;

/// <summary>A peer with a fresh identity that a test plays against a real icnd on loopback: an adversary, usually.</summary>
public sealed class Stranger : IAsyncDisposable
{
    private Stranger(IdentityKeyPair identity, PeerNetwork network)
    {
        Identity = identity;
        Network = network;
    }

    public IdentityKeyPair Identity { get; }

    /// <summary>The stranger's own peer network, with a session to the node.</summary>
    public PeerNetwork Network { get; }

    /// <summary>Starts a peer network of its own and connects it to the node listening on <paramref name="port"/>.</summary>
    public static async Task<Stranger> ConnectAsync(int port, Did node, CancellationToken cancellationToken)
    {
        var identity = IdentityKeyPair.Generate();
        var network = new PeerNetwork(identity, Dialer.Options, new MetricRegistry(), TimeProvider.System, NullLoggerFactory.Instance);
        await network.StartAsync(cancellationToken);
        await network.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), node, cancellationToken);
        return new Stranger(identity, network);
    }

    /// <summary>
    /// A verified TLS connection to the node from a fresh identity, and nothing else: no session, no reader, so
    /// that the caller writes frames by hand and reads only if it wants to.
    /// </summary>
    public static async Task<AuthenticatedConnection> DialAsync(int port, Did node, CancellationToken cancellationToken = default)
    {
        await using var dialer = Dialer.Create();
        return await dialer.DialAsync(port, node, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await Network.DisposeAsync();
        Identity.Dispose();
    }
}

using System.Net.Sockets;
using Icn.Identity.Keys;
using Icn.Network.Tls;
using Icn.Network.Transport;
using Icn.Protocol.Messages;
using Microsoft.Extensions.Logging.Abstractions;

namespace Icn.Network.Tests;

/// <summary>Impostors and garbage: refused, counted by kind, and never able to disturb other peers.</summary>
public class HostileInputTests
{
    [Fact]
    public async Task Certificate_not_signed_by_the_claimed_did_is_refused_and_nothing_reaches_the_layer_above()
    {
        await using var honest = await TestNode.StartAsync();
        using var victim = IdentityKeyPair.Generate();
        using var forger = IdentityKeyPair.Generate();
        // Claims the victim's DID, but only the forger's key signed the binding.
        var forged = CertificateBinding.Create(victim.Did, spki => forger.Sign(spki), TimeProvider.System);
        await using var impostor = Transport(forged);

        try
        {
            await using var connection = await impostor.DialAsync(honest.EndPoint, honest.Did, TestContext.Current.CancellationToken);
            // TLS 1.3 finishes the client side first; the server's refusal arrives as the end of the stream.
            await connection.Stream.WriteAsync(new byte[] { 0, 0, 0, 1, 1 }, TestContext.Current.CancellationToken);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            deadline.CancelAfter(Poll.DefaultDeadline);
            Assert.Equal(0, await connection.Stream.ReadAsync(new byte[1], deadline.Token));
        }
        catch (Exception e) when (e is HandshakeException or IOException)
        {
            // Refused during the handshake itself: just as good.
        }

        await Poll.UntilAsync(() => honest.Errors("identity") == 1, "the identity error on the honest node");
        Assert.Empty(honest.Network.ConnectedPeers);
        Assert.Empty(honest.Received);
        Assert.Equal(0, honest.Scrape()["icn_network_connections_total"]);
    }

    [Fact]
    public async Task Dialling_one_did_and_reaching_another_is_refused_and_counted()
    {
        await using var a = await TestNode.StartAsync();
        await using var actual = await TestNode.StartAsync();
        using var expected = IdentityKeyPair.Generate();

        var error = await Assert.ThrowsAsync<HandshakeException>(() =>
            a.Network.ConnectAsync(actual.EndPoint, expected.Did, TestContext.Current.CancellationToken));

        Assert.Equal(NetworkError.Identity, error.Kind);
        Assert.Contains(actual.Did.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Equal(1, a.Errors("identity"));
        Assert.Empty(a.Network.ConnectedPeers);
    }

    [Fact]
    public async Task Random_bytes_instead_of_tls_are_a_handshake_error_and_the_node_keeps_serving()
    {
        await using var node = await TestNode.StartAsync();
        using (var raw = new TcpClient())
        {
            await raw.ConnectAsync(node.EndPoint, TestContext.Current.CancellationToken);
            var garbage = new byte[512];
            new Random(42).NextBytes(garbage);
            await raw.GetStream().WriteAsync(garbage, TestContext.Current.CancellationToken);
            await Poll.UntilAsync(() => node.Errors("handshake") == 1, "the handshake error");
        }

        await AssertStillServesAsync(node);
    }

    public static TheoryData<string, byte[], string> Garbage() => new()
    {
        { "a 4 GiB length prefix", [0xff, 0xff, 0xff, 0xff], "oversize" },
        { "a zero-length frame", [0, 0, 0, 0], "decode" },
        { "a truncated frame", [0, 0, 0, 100, 1, 2, 3], "reset" },
        { "an unknown message type", [0, 0, 0, 3, Envelope.Version, 0x7f, 0], "decode" },
        { "an unsupported protocol version", [0, 0, 0, 3, 9, 1, 0], "decode" },
        { "a body shorter than its type needs", [0, 0, 0, 4, Envelope.Version, 1, 0, 5], "decode" },
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public async Task Garbage_from_an_authenticated_peer_closes_only_its_session_is_counted_by_kind_and_bans_it_unless_it_was_a_lost_connection(string what, byte[] bytes, string kind)
    {
        await using var node = await TestNode.StartAsync();
        await using var good = await TestNode.StartAsync();
        await good.Network.ConnectAsync(node.EndPoint, node.Did, TestContext.Current.CancellationToken);
        using var hostileIdentity = IdentityKeyPair.Generate();
        await using var hostile = Transport(CertificateBinding.Create(hostileIdentity, TimeProvider.System));

        var connection = await hostile.DialAsync(node.EndPoint, node.Did, TestContext.Current.CancellationToken);
        await node.WaitForPeersAsync(2);
        await connection.Stream.WriteAsync(bytes, TestContext.Current.CancellationToken);
        if (kind == "reset")
        {
            await connection.DisposeAsync();
        }

        await Poll.UntilAsync(() => node.Errors(kind) == 1, $"{kind} error for {what}");
        await node.WaitForPeersAsync(1);
        Assert.Equal(good.Did, Assert.Single(node.Network.ConnectedPeers));
        Assert.Empty(node.Received);
        Assert.True(good.Network.Send(node.Did, new Direct("still", [1])));
        await node.WaitForReceivedAsync(1);
        await connection.DisposeAsync();
        var violation = kind == "reset" ? 0 : 1;
        var scrape = node.Scrape();
        Assert.Equal(violation, scrape["icn_network_peers_disconnected_total{reason=\"misbehaving\"}"]);
        Assert.Equal(violation, scrape["icn_network_peers_banned"]);
    }

    private static async Task AssertStillServesAsync(TestNode node)
    {
        await using var peer = await TestNode.StartAsync();
        await peer.Network.ConnectAsync(node.EndPoint, node.Did, TestContext.Current.CancellationToken);
        Assert.True(peer.Network.Send(node.Did, new Direct("hello", [1])));
        await node.WaitForReceivedAsync(1);
    }

    private static TlsTcpTransport Transport(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate) =>
        new(() => certificate, TestNode.Options(), new NetworkMetrics(new Icn.Observability.Registry.MetricRegistry()), TimeProvider.System, NullLogger.Instance);
}

public class HandshakeFloodTests
{
    [Fact]
    public async Task Connections_beyond_the_handshake_limit_are_closed_at_once_and_counted()
    {
        await using var node = await TestNode.StartAsync(TestNode.Options(o => o with { MaxPendingHandshakes = 2, InboundHandshakeTimeout = TimeSpan.FromMinutes(5) }));
        var idle = new List<TcpClient>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var client = new TcpClient();
                await client.ConnectAsync(node.EndPoint, TestContext.Current.CancellationToken);
                idle.Add(client); // connected, but never starts TLS
            }

            await Poll.UntilAsync(() => node.Refused("handshake_limit") == 1, "the third connection to be refused");
        }
        finally
        {
            idle.ForEach(client => client.Dispose());
        }

        // The two held handshakes end with their sockets; the slots come back and a real peer gets in.
        await Poll.UntilAsync(() => node.Errors("handshake") == 2, "the abandoned handshakes to fail");
        await using var peer = await TestNode.StartAsync();
        await peer.Network.ConnectAsync(node.EndPoint, node.Did, TestContext.Current.CancellationToken);
        await node.WaitForPeersAsync(1);
    }
}

using System.Net;
using System.Net.Sockets;

namespace Icn.Network.Tests;

/// <summary>
/// Connection discipline against real sockets: handshakes and sessions are capped overall and per address,
/// silent sockets are dropped at the pre-authentication timeout, and slots are kept for this node's own dials.
/// </summary>
public sealed class SessionLimitTests
{
    private static readonly IPAddress s_otherAddress = IPAddress.Parse("127.0.0.2");

    [Fact]
    public async Task Silent_sockets_from_one_address_never_keep_an_honest_peer_from_another_out()
    {
        await using var node = await TestNode.StartAsync(TestNode.Options(o => o with { InboundHandshakeTimeout = TimeSpan.FromMinutes(5) }));
        var silent = new List<TcpClient>();
        try
        {
            for (var i = 0; i < 500; i++)
            {
                var client = new TcpClient(new IPEndPoint(s_otherAddress, 0));
                await client.ConnectAsync(node.EndPoint, TestContext.Current.CancellationToken);
                silent.Add(client); // connected, never starts TLS
            }

            // Eight hold their address's handshake slots; every other one is refused at once.
            await Poll.UntilAsync(() => node.Refused("per_ip") == 492, "the silent sockets beyond the per-address share to be refused");
            for (var i = 0; i < 5; i++)
            {
                await using var honest = await TestNode.StartAsync();
                await honest.Network.ConnectAsync(node.EndPoint, node.Did, TestContext.Current.CancellationToken);
                await Poll.UntilAsync(() => node.Network.ConnectedPeers.Contains(honest.Did), $"honest peer {i} to get a session");
            }

            Assert.Equal(0, node.Refused("handshake_limit"));
        }
        finally
        {
            silent.ForEach(client => client.Dispose());
        }
    }

    [Fact]
    public async Task A_socket_that_never_proves_an_identity_is_closed_at_the_pre_authentication_timeout()
    {
        await using var node = await TestNode.StartAsync(TestNode.Options(o => o with { InboundHandshakeTimeout = TimeSpan.FromMilliseconds(300) }));
        using var silent = new TcpClient();
        await silent.ConnectAsync(node.EndPoint, TestContext.Current.CancellationToken);

        await Poll.UntilAsync(() => node.Refused("handshake_timeout") == 1, "the silent socket to time out");
        var read = await silent.GetStream().ReadAsync(new byte[16], TestContext.Current.CancellationToken);
        Assert.Equal(0, read); // the node closed it
    }

    [Fact]
    public async Task Inbound_sessions_stop_at_the_budget_less_the_outbound_reserve_and_at_the_per_address_share()
    {
        await using var node = await TestNode.StartAsync(TestNode.Options(o => o with { MaxSessions = 4, OutboundReserve = 1, MaxSessionsPerIp = 3 }));
        var peers = new List<TestNode>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                peers.Add(await TestNode.StartAsync());
                await ConnectQuietlyAsync(peers[i], node);
            }

            await Poll.UntilAsync(() => node.Refused("limit") == 1, "the fourth inbound session to be refused");
            Assert.Equal(3, node.Network.ConnectedPeers.Count);
            var scrape = node.Scrape();
            Assert.Equal(4, scrape["icn_network_limit{limit=\"sessions\"}"]);
            Assert.Equal(3, scrape["icn_network_limit{limit=\"inbound_sessions\"}"]);
            Assert.Equal(3, scrape["icn_network_limit{limit=\"sessions_per_ip\"}"]);

            // The reserved slot is this node's own: it still dials out.
            await using var wanted = await TestNode.StartAsync();
            await node.Network.ConnectAsync(wanted.EndPoint, wanted.Did, TestContext.Current.CancellationToken);
            Assert.Equal(4, node.Network.ConnectedPeers.Count);
        }
        finally
        {
            foreach (var peer in peers)
            {
                await peer.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_newcomer_to_full_inbound_slots_evicts_an_unprotected_stranger_never_the_useful_peer()
    {
        // 13 inbound slots, all open to strangers: 1 useful, 4 fastest and the older 4 of the other 8 are protected; the 4 left can give way.
        await using var node = await TestNode.StartAsync(TestNode.Options(o => o with { MaxSessions = 14, OutboundReserve = 1, MaxSessionsPerIp = 20, TrustedInboundShare = 0 }));
        var peers = new List<TestNode>();
        try
        {
            for (var i = 0; i < 13; i++)
            {
                peers.Add(await TestNode.StartAsync());
                await ConnectQuietlyAsync(peers[i], node);
                await node.WaitForPeersAsync(i + 1);
            }

            // The youngest delivered something new: protected, though it would otherwise be the first to go.
            node.Network.MarkUseful(peers[12].Did);
            await using var newcomer = await TestNode.StartAsync();
            await ConnectQuietlyAsync(newcomer, node);

            await Poll.UntilAsync(() => node.Scrape()["icn_network_peers_disconnected_total{reason=\"evicted\"}"] == 1, "one stranger to give way");
            await Poll.UntilAsync(() => node.Network.ConnectedPeers.Count == 13 && node.Network.ConnectedPeers.Contains(newcomer.Did), "the newcomer in its slot");
            Assert.Contains(peers[12].Did, node.Network.ConnectedPeers);
            Assert.Contains(peers[0].Did, node.Network.ConnectedPeers); // the oldest
            Assert.Equal(0, node.Refused("limit"));
        }
        finally
        {
            foreach (var peer in peers)
            {
                await peer.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task One_address_gets_its_share_of_inbound_sessions_and_no_more()
    {
        await using var node = await TestNode.StartAsync(TestNode.Options(o => o with { MaxSessionsPerIp = 2 }));
        await using var first = await TestNode.StartAsync();
        await using var second = await TestNode.StartAsync();
        await using var third = await TestNode.StartAsync();

        foreach (var peer in new[] { first, second, third })
        {
            await ConnectQuietlyAsync(peer, node);
        }

        await Poll.UntilAsync(() => node.Refused("per_ip") == 1, "the third session from 127.0.0.1 to be refused");
        Assert.Equal(2, node.Network.ConnectedPeers.Count);
    }

    // TLS 1.3 lets the dialler finish before the node decides: a refused dial may look like a session that dies at once.
    private static async Task ConnectQuietlyAsync(TestNode from, TestNode to)
    {
        try
        {
            await from.Network.ConnectAsync(to.EndPoint, to.Did, TestContext.Current.CancellationToken);
        }
        catch (Transport.HandshakeException)
        {
        }
    }
}

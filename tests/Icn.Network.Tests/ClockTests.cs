using Icn.Network.Transport;
using Microsoft.Extensions.Time.Testing;

namespace Icn.Network.Tests;

/// <summary>Time and the TLS binding: certificates renewed before they expire, and clocks that disagree.</summary>
public sealed class ClockTests
{
    [Fact]
    public async Task A_node_up_for_thirty_one_days_renews_its_certificate_and_still_connects()
    {
        // Both clocks start at the real time (certificates carry validity periods) and move together.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var node = await TestNode.StartAsync(time: clock);
        await using var peer = await TestNode.StartAsync(time: clock);
        await peer.Network.ConnectAsync(node.EndPoint, node.Did, TestContext.Current.CancellationToken);
        await node.WaitForPeersAsync(1);

        clock.Advance(TimeSpan.FromDays(31)); // past the first certificate's end
        await using var later = await TestNode.StartAsync(time: clock);
        await later.Network.ConnectAsync(node.EndPoint, node.Did, TestContext.Current.CancellationToken);

        await Poll.UntilAsync(() => node.Network.ConnectedPeers.Contains(later.Did), "a session with the later peer");
        Assert.Equal(0, node.Errors("identity"));
    }

    [Fact]
    public async Task Clocks_hours_apart_still_connect()
    {
        await using var node = await TestNode.StartAsync(time: new FakeTimeProvider(DateTimeOffset.UtcNow));
        await using var ahead = await TestNode.StartAsync(time: new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(3)));

        await ahead.Network.ConnectAsync(node.EndPoint, node.Did, TestContext.Current.CancellationToken);

        await node.WaitForPeersAsync(1);
    }

    [Fact]
    public async Task A_peer_days_ahead_is_refused_with_the_clocks_named()
    {
        await using var node = await TestNode.StartAsync(time: new FakeTimeProvider(DateTimeOffset.UtcNow));
        await using var ahead = await TestNode.StartAsync(time: new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(3)));

        try
        {
            // TLS 1.3 lets the dialler finish before the node checks its certificate: it may see a session that dies at once.
            await ahead.Network.ConnectAsync(node.EndPoint, node.Did, TestContext.Current.CancellationToken);
        }
        catch (HandshakeException)
        {
        }

        await Poll.UntilAsync(() => node.Errors("identity") == 1, "the refusal counted");
        Assert.Empty(node.Network.ConnectedPeers);
    }

    [Fact]
    public void The_refusal_says_how_far_apart_the_clocks_are()
    {
        using var key = Identity.Keys.IdentityKeyPair.Generate();
        var now = DateTimeOffset.UtcNow;
        using var certificate = Tls.CertificateBinding.Create(key, new FakeTimeProvider(now.AddDays(3)));

        var error = Assert.Throws<Tls.IdentityBindingException>(() => Tls.CertificateBinding.Verify(certificate, new FakeTimeProvider(now)));

        Assert.Contains("the peer's clock is about 72 h ahead of this node's; check both clocks (NTP)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_peer_that_refuses_our_certificate_after_the_handshake_is_redialled_with_backoff_not_in_a_loop()
    {
        await using var node = await TestNode.StartAsync();
        var started = DateTime.UtcNow;
        await using var ahead = await TestNode.StartAsync(
            TestNode.Options(o => o with { BootstrapPeers = [node.Address], ReconnectBaseDelay = TimeSpan.FromMilliseconds(500), ReconnectMaxDelay = TimeSpan.FromSeconds(10) }),
            time: new ShiftedClock(TimeSpan.FromDays(3)));

        // The dialler's TLS handshake completes each time (TLS 1.3), and the node closes the session at once.
        await Poll.UntilAsync(() => ahead.Scrape()["icn_network_connections_total"] >= 3, "three sessions the node refused");

        // 0.4 s, then 0.8 s at the least between them (500 ms doubled, less 20% jitter); without backoff, milliseconds.
        var elapsed = DateTime.UtcNow - started;
        Assert.True(elapsed >= TimeSpan.FromSeconds(1.2), $"three refused sessions in {elapsed.TotalMilliseconds:0} ms");
        // The dialler can count its third session a moment before the node has counted refusing it.
        await Poll.UntilAsync(() => node.Errors("identity") == 3, "the node to count three refusals");
    }

    [Fact]
    public async Task A_peer_two_minutes_ahead_is_measured_counted_and_named_in_one_warning()
    {
        using var logs = new LogCapture();
        await using var node = await TestNode.StartAsync(loggers: logs);
        await using var ahead = await TestNode.StartAsync(time: new ShiftedClock(TimeSpan.FromMinutes(2)));
        await using var close = await TestNode.StartAsync();

        await ahead.Network.ConnectAsync(node.EndPoint, node.Did, TestContext.Current.CancellationToken);
        await close.Network.ConnectAsync(node.EndPoint, node.Did, TestContext.Current.CancellationToken);

        // Each session pings when it opens; the node hears one Pong from each peer.
        await Poll.UntilAsync(() => node.Scrape()["icn_network_peer_clock_offset_seconds_count"] == 2, "both offsets measured");
        var scrape = node.Scrape();
        Assert.Equal(1, scrape["icn_network_peer_clock_offset_seconds_bucket{le=\"1\"}"]);
        Assert.Equal(1, scrape["icn_network_peer_clock_offset_seconds_bucket{le=\"60\"}"]);
        Assert.Equal(2, scrape["icn_network_peer_clock_offset_seconds_bucket{le=\"300\"}"]);
        var link = Assert.Single(node.Network.Links, l => l.Peer == ahead.Did);
        Assert.InRange(link.ClockOffset.TotalSeconds, 119, 121);
        Assert.NotNull(link.RoundTrip);
        Assert.InRange(Math.Abs(Assert.Single(node.Network.Links, l => l.Peer == close.Did).ClockOffset.TotalSeconds), 0, 1);

        var warning = Assert.Single(logs.Lines, l => l.EventId == 2104);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, warning.Level);
        // Accurate to half the round trip, which a loaded machine can stretch past 50 ms: 119.9 or 120.1 are as right.
        Assert.Matches($@"the clock of peer {ahead.Did} is about 1(19\.9|20|20\.1) s ahead of this node's", warning.Text);
    }

    /// <summary>The real clock and timers, with the wall clock shifted: a peer whose clock is wrong.</summary>
    private sealed class ShiftedClock(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;
    }
}

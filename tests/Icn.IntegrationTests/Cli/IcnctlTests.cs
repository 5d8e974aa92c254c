using Icn.Identity.Keys;
using Icn.Ledger.Records;
using static Icn.IntegrationTests.Cli.IcnctlFixture;

namespace Icn.IntegrationTests.Cli;

/// <summary>Every icnctl command against two real icnd: its --json output parses and matches the nodes' state.</summary>
public sealed class IcnctlTests(IcnctlFixture fixture) : IClassFixture<IcnctlFixture>
{
    private RunningNode A => fixture.Mesh.Nodes[0];

    private RunningNode B => fixture.Mesh.Nodes[1];

    private string DidA => fixture.Mesh.Dids[0];

    private string DidB => fixture.Mesh.Dids[1];

    [Fact]
    public async Task Status_identity_network_and_top_show_the_node_as_it_is()
    {
        var status = await Json(A, RpcJson.Default.NodeStatus, "status");
        Assert.Equal(DidA, status.Did);
        Assert.True(status.Ready);
        Assert.Equal(1, status.Peers);
        Assert.Equal($"http://127.0.0.1:{A.MetricsPort}/metrics", status.MetricsUrl);
        Assert.Equal($"127.0.0.1:{A.P2pPort}", status.P2pAddress);
        Assert.NotNull(status.Ledger);
        using (var text = await Icnctl(A, "status"))
        {
            Assert.Contains(DidA, text.Stdout, StringComparison.Ordinal);
            Assert.Contains("ready    yes", text.Stdout, StringComparison.Ordinal);
        }

        using (var show = await Icnctl(A, "id", "show"))
        {
            Assert.Contains(DidA, show.Stdout, StringComparison.Ordinal);
        }

        // Each side's view of the one link: where the other is, who dialled, the round trip, and bytes that agree
        // (what A sent, B received, but for what was in flight between the two readings).
        var seenByA = Assert.Single(await Poll.UntilAsync(async () =>
            await Json(A, RpcJson.Default.PeerLinkViewArray, "network", "peers") is [{ SmoothedRttMs: not null }] peers ? peers : null, "A's round trip to B"));
        var seenByB = Assert.Single(await Json(B, RpcJson.Default.PeerLinkViewArray, "network", "peers"));
        var sentLater = Assert.Single(await Json(A, RpcJson.Default.PeerLinkViewArray, "network", "peers")).BytesSent;
        Assert.Equal(DidB, seenByA.Did);
        Assert.Equal(DidA, seenByB.Did);
        Assert.Equal((seenByB.Direction, seenByA.Direction), seenByB.Address == $"127.0.0.1:{A.P2pPort}" ? ("outbound", "inbound") : ("inbound", "outbound"));
        Assert.StartsWith("127.0.0.1:", seenByA.Address, StringComparison.Ordinal);
        Assert.InRange(seenByA.SmoothedRttMs!.Value, 0.001, 1000);
        Assert.Equal(seenByA.Class, seenByB.Class); // the mesh's nodes class each other alike
        Assert.Contains(seenByA.Class, Icn.Observability.Catalogue.EnumLabels<Icn.Trust.TrustClass>.Values);
        Assert.InRange(seenByB.BytesReceived, seenByA.BytesSent - (64 * 1024), sentLater);
        Assert.True(seenByA.MessagesSent > 0 && seenByA.BytesReceived > 0);
        Assert.Equal(0, seenByA.Drops["queue_full"]);
        var shared = (await Json(A, RpcJson.Default.TopicViewArray, "gossip", "topics")).Count(t => t.Subscribed && t.PeerSubscribers == 1);
        Assert.Equal(shared, seenByA.Topics);
        // The same link in A's distributions over peers: one peer, in the round trip's and the queue's.
        var distributions = Scrape.Parse(await A.ScrapeAsync());
        foreach (var family in new[] { "icn_network_peer_rtt_seconds", "icn_network_peer_queue_bytes" })
        {
            Assert.Equal(1, distributions[$"{family}_bucket{{set=\"current\",le=\"+Inf\"}}"] - distributions[$"{family}_bucket{{set=\"previous\",le=\"+Inf\"}}"]);
        }

        using (var table = await Icnctl(A, "network", "peers"))
        {
            Assert.Matches($@"(?m)^PEER\s+ADDRESS\s+DIR\s+CLASS\s+SINCE\s+RTT\s+SENT\s+RECEIVED\s+DROPS\s+FAULTS\s+TOPICS$", table.Stdout);
            Assert.Matches($@"(?m)^{DidB}\s+127\.0\.0\.1:\d+\s+{seenByA.Direction}\s+{seenByA.Class}\s+\d+ s\s+[\d.]+ ms\s+", table.Stdout);
        }

        var stats = await Json(A, RpcJson.Default.NetworkStats, "network", "stats");
        var scrape = Scrape.Parse(await A.ScrapeAsync());
        Assert.Equal(1, stats.ConnectionsActive);
        Assert.Equal(scrape["icn_network_connections_total"], stats.ConnectionsTotal);
        Assert.InRange(stats.MessagesSent, 1, scrape["icn_network_messages_sent_total"]);
        Assert.Equal(0, stats.Errors["handshake"]);

        using var top = await Icnctl(A, "top", "--count", "2", "--interval", "0.2");
        Assert.True(top.ExitCode == 0, top.Output);
        Assert.Contains("messages sent /s", top.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^peers\s+1$", top.Stdout);
        // The per-peer panel, twice: rates are unknown in the first frame and measured in the second.
        Assert.Equal(2, top.Stdout.Split('\n').Count(l => l == "peers (1)"));
        var rows = top.Stdout.Split('\n').Where(l => l.StartsWith(DidB[..13], StringComparison.Ordinal)).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Matches(@"^did:icn:\w{5}…\w{4}\s+127\.0\.0\.1:\d+\s+\w+\s+[\d.]+ ms\s+…\s+…\s+", rows[0]);
        Assert.Matches(@"^did:icn:\w{5}…\w{4}\s+127\.0\.0\.1:\d+\s+\w+\s+[\d.]+ ms\s+\d+ B\s+\d+ B\s+", rows[1]);
    }

    [Fact]
    public async Task Gossip_commands_create_publish_list_and_unsubscribe_across_nodes()
    {
        var created = await Json(A, RpcJson.Default.TopicView, "gossip", "create", "cli:news");
        Assert.True(created.Subscribed);
        await Json(B, RpcJson.Default.TopicView, "gossip", "create", "cli:news");

        var entry = await Json(A, RpcJson.Default.EntryView, "gossip", "publish", "cli:news", "hello from A");

        await Poll.UntilAsync(async () => (await Json(B, RpcJson.Default.EntryViewArray, "gossip", "entries", "cli:news"))
            .SingleOrDefault(e => e.Id == entry.Id && e.PayloadText == "hello from A" && e.Author == DidA) is null ? null : "", "the entry on B");
        Assert.Equal(1, (await Json(B, RpcJson.Default.TopicViewArray, "gossip", "topics")).Single(t => t.Name == "cli:news").Entries);
        Assert.False((await Json(B, RpcJson.Default.TopicView, "gossip", "unsubscribe", "cli:news")).Subscribed);
        Assert.True((await Json(B, RpcJson.Default.TopicView, "gossip", "subscribe", "cli:news")).Subscribed);
        using var text = await Icnctl(B, "gossip", "entries", "cli:news");
        Assert.Contains("hello from A", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ledger_commands_pay_in_major_units_and_manage_the_quarantine()
    {
        var currency = await Json(A, RpcJson.Default.CurrencyView, "ledger", "create-currency", "CLI", "--decimals", "2", "--default-limit", "10", "--description", "cli hours");
        Assert.Equal((1000, "10.00"), (currency.DefaultCreditLimit, currency.DefaultCreditLimitDecimal));
        await Poll.UntilAsync(async () => (await Json(B, RpcJson.Default.CurrencyViewArray, "ledger", "currencies")).Any(c => c.Symbol == "CLI") ? "" : null, "CLI on B");

        var paid = await Json(A, RpcJson.Default.TransferView, "ledger", "pay", DidB, "2.50", "-c", "CLI", "--memo", "gardening");
        Assert.Equal((250, "2.50", 1UL, "gardening"), (paid.Amount, paid.AmountDecimal, paid.Sequence, paid.Memo));
        await Poll.UntilAsync(async () =>
        {
            var balances = await Json(B, RpcJson.Default.BalanceViewArray, "ledger", "balances", "-c", "CLI");
            return balances.SingleOrDefault(b => b.Account == DidB) is { Balance: 250, BalanceDecimal: "2.50" }
                && balances.Single(b => b.Account == DidA) is { Balance: -250, BalanceDecimal: "-2.50", CreditLimitDecimal: "10.00" } ? "" : null;
        }, "the payment on B");
        Assert.Equal(paid.Id, Assert.Single(await Json(B, RpcJson.Default.TransferViewArray, "ledger", "history")).Id);
        Assert.Equal(2000, Assert.Single(await Json(A, RpcJson.Default.BalanceViewArray, "ledger", "credit-limit", DidB, "20", "-c", "CLI")).CreditLimit);

        await AssertExit(1, "below its credit limit", "ledger", "pay", DidB, "100", "-c", "CLI");
        await AssertExit(2, "at most 2 decimals", "ledger", "pay", DidB, "0.001", "-c", "CLI");
        await AssertExit(1, "currency 'NOPE' does not exist", "ledger", "pay", DidB, "1", "-c", "NOPE");

        // A member who runs no node pays A more than the limit allows, dated a minute ahead; B relays it.
        using var member = IdentityKeyPair.FromSeed(Enumerable.Repeat((byte)77, 32).ToArray());
        var ahead = DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds();
        var overdraft = (TransferRecord)new TransferRecord(member.Did, Core.Identity.Did.Parse(DidA), "CLI", 1_500, "too much", 1, ahead).SignedBy(member);
        await Relay(overdraft);
        var refused = await Poll.UntilAsync(async () => (await Json(A, RpcJson.Default.QuarantineViewArray, "ledger", "quarantine", "list"))
            .SingleOrDefault(q => q.Id == overdraft.Id.ToString()), "the overdraft in A's quarantine");
        Assert.Equal("over_limit", refused.Reason);
        var detail = await Json(A, RpcJson.Default.QuarantineDetail, "ledger", "quarantine", "get", refused.Id);
        Assert.Equal((member.Did.ToString(), "1500", "true"), (detail.Fields["payer"], detail.Fields["amount"], detail.Fields["signature_valid"]));
        Assert.Equal(overdraft.Encode(), Convert.FromBase64String(detail.BytesBase64));

        // Raising the limit now does not help a transfer dated before the raise: released, it is refused again.
        await Json(A, RpcJson.Default.BalanceViewArray, "ledger", "credit-limit", member.Did.ToString(), "20", "-c", "CLI");
        Assert.Equal("rejected", (await Json(A, RpcJson.Default.RecordOutcome, "ledger", "quarantine", "release", refused.Id)).Outcome);
        Assert.Equal("dropped", (await Json(A, RpcJson.Default.RecordOutcome, "ledger", "quarantine", "drop", refused.Id)).Outcome);
        Assert.DoesNotContain(await Json(A, RpcJson.Default.QuarantineViewArray, "ledger", "quarantine", "list"), q => q.Id == refused.Id);
        await AssertExit(1, "not in quarantine", "ledger", "quarantine", "get", refused.Id);
        await AssertExit(1, "not in quarantine", "ledger", "quarantine", "release", refused.Id);

        // The member's sequence number 1 was never used: a transfer within the raised limit applies.
        var modest = (TransferRecord)(overdraft with { Amount = 1_200, Memo = "within the limit", SentMs = ahead + 5_000 }).SignedBy(member);
        await Relay(modest);
        await Poll.UntilAsync(async () => (await Json(A, RpcJson.Default.BalanceViewArray, "ledger", "balances", "-c", "CLI", "--account", member.Did.ToString()))
            .Single().Balance == -1_200 ? "" : null, "the modest transfer applied on A");
        Assert.True((await Json(A, RpcJson.Default.IntegrityView, "ledger", "integrity")).Ok);
        using var balances = await Icnctl(A, "ledger", "balances", "-c", "CLI");
        Assert.Contains("-12.00", balances.Stdout, StringComparison.Ordinal); // the member's -1,200 minor units, in major units
    }

    [Fact]
    public async Task Dial_connects_a_node_that_knew_nobody_and_refuses_a_wrong_identity()
    {
        var data = fixture.Dir.File("loner");
        using (var init = await ProgramRun.IcnctlAsync(["id", "init", "--data-dir", data, "--password-file", fixture.Mesh.PasswordFile]))
        {
            Assert.True(init.ExitCode == 0, init.Output);
        }

        await using var loner = await RunningNode.StartAsync(data, ["--password-file", fixture.Mesh.PasswordFile]);
        await Poll.UntilAsync(async () => (await loner.Http.GetAsync("readyz")).IsSuccessStatusCode ? "" : null, "the loner ready");

        using (var wrong = await Icnctl(loner, "network", "dial", $"127.0.0.1:{A.P2pPort}", "--did", DidB))
        {
            Assert.True(wrong.ExitCode == 1, wrong.Output);
            Assert.Contains("handshake failed", wrong.Stderr, StringComparison.Ordinal);
        }

        // A host name where an address goes: resolved when dialled.
        Assert.Equal(DidA, (await Json(loner, RpcJson.Default.PeerView, "network", "dial", $"localhost:{A.P2pPort}", "--did", DidA)).Did);
        Assert.Contains(await Json(loner, RpcJson.Default.PeerLinkViewArray, "network", "peers"), p => p.Did == DidA);
        using var closed = await Icnctl(loner, "network", "dial", $"127.0.0.1:{FreePort.Next()}");
        Assert.True(closed.ExitCode == 1, closed.Output);
        Assert.Contains("could not connect", closed.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_usage_exits_2_and_says_what_is_wrong()
    {
        await AssertExit(2, "icnctl ledger pay --help", "ledger", "pay");
        await AssertExit(2, "icnctl --help", "frobnicate");
        await AssertExit(2, "is not HOST:PORT", "network", "dial", "nowhere");
    }

    private async Task Relay(LedgerRecord record)
    {
        var entry = await Json(B, RpcJson.Default.EntryView, "gossip", "publish", $"ledger:{record.Currency}", Convert.ToBase64String(record.Encode()), "--base64");
        Assert.Equal(DidB, entry.Author);
    }

    private async Task AssertExit(int code, string message, params string[] args)
    {
        using var run = await Icnctl(A, args);
        Assert.True(run.ExitCode == code, $"icnctl {string.Join(' ', args)}: exit {run.ExitCode}, expected {code}\n{run.Output}");
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
    }
}

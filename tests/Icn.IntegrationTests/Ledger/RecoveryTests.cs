using Microsoft.Data.Sqlite;

namespace Icn.IntegrationTests.Ledger;

/// <summary>
/// Real icnd processes after losing or damaging their stores: records committed but never gossiped are
/// published at start, damage is set aside and repaired from gossip.db, a node that lost everything takes
/// its own records back from a peer and goes on from the next sequence number, and a file that is not a
/// database leaves the node running, not ready, with the reason.
/// </summary>
public sealed class RecoveryTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    [Fact]
    public async Task Records_committed_but_missing_from_gossip_are_published_at_start()
    {
        var ct = TestContext.Current.CancellationToken;
        var (data, password) = await InitAsync("lonely");
        await using (var node = await ReadyAsync(data, password))
        {
            using var rpc = node.Rpc();
            await rpc.CreateCurrencyAsync(new CreateCurrencyParams("HOUR", 0, "hours", 1_000), ct);
            await rpc.PayAsync(new PayParams("HOUR", Payee, 3), ct);
            await rpc.PayAsync(new PayParams("HOUR", Payee, 4), ct);
            Assert.Equal(0, await node.StopAsync());
        }

        DeleteStore(data, "gossip.db"); // as if killed between the ledger's commit and gossip's

        await using var again = await ReadyAsync(data, password);
        await again.Process.WaitForLogAsync("published 3 ledger records of this node that had not reached gossip");
        using var client = again.Rpc();
        Assert.Equal(2, (await client.EntriesAsync(new EntriesParams("ledger:HOUR"), ct)).Length);
        Assert.Single(await client.EntriesAsync(new EntriesParams("ledger:currencies"), ct));
    }

    [Fact]
    public async Task An_amount_edited_on_disk_is_detected_counted_and_repaired_from_gossip_db()
    {
        var ct = TestContext.Current.CancellationToken;
        var (data, password) = await InitAsync("edited");
        TransferView paid;
        await using (var node = await ReadyAsync(data, password))
        {
            using var rpc = node.Rpc();
            await rpc.CreateCurrencyAsync(new CreateCurrencyParams("HOUR", 0, "hours", 1_000), ct);
            paid = await rpc.PayAsync(new PayParams("HOUR", Payee, 7), ct);
            Assert.Equal(0, await node.StopAsync());
        }

        // The amount (a big-endian i64 after payer, payee and symbol) raised from 7 to 7 + 256, the signature kept.
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(data, "ledger.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE journal SET bytes = CAST(substr(bytes, 1, 1 + 32 + 32 + 4 + 4 + 6) || x'01' || substr(bytes, 1 + 32 + 32 + 4 + 4 + 8) AS BLOB) WHERE id = $id";
            command.Parameters.AddWithValue("$id", Convert.FromHexString(paid.Id));
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        await using var again = await ReadyAsync(data, password);
        await again.Process.WaitForLogAsync("recovered 1 ledger records the journal lacked, from gossip.db");
        using var client = again.Rpc();
        var balances = await client.BalancesAsync(new BalancesParams("HOUR", Payee), ct);
        Assert.Equal(7, Assert.Single(balances).Balance);
        Assert.True((await client.IntegrityAsync(ct)).Ok);
        var scrape = await again.ScrapeAsync();
        Assert.Contains("icn_storage_damaged_records_total{store=\"ledger\"} 1", scrape, StringComparison.Ordinal);
        Assert.Contains("icn_storage_records_recovered_total{store=\"ledger\"} 1", scrape, StringComparison.Ordinal);
        var held = Assert.Single(await client.QuarantineAsync(ct));
        Assert.StartsWith("damaged on disk", held.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_journal_row_holding_text_where_bytes_belong_is_set_aside_not_fatal()
    {
        var ct = TestContext.Current.CancellationToken;
        var (data, password) = await InitAsync("text");
        await using (var node = await ReadyAsync(data, password))
        {
            using var rpc = node.Rpc();
            await rpc.CreateCurrencyAsync(new CreateCurrencyParams("HOUR", 0, "hours", 1_000), ct);
            Assert.Equal(0, await node.StopAsync());
        }

        using (var connection = new SqliteConnection($"Data Source={Path.Combine(data, "ledger.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE journal SET bytes = 'not bytes at all'";
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        // gossip.db still holds the currency, so the node repairs itself and is ready.
        await using var again = await ReadyAsync(data, password);
        using var client = again.Rpc();
        Assert.Single(await client.CurrenciesAsync(ct));
        Assert.Contains("icn_storage_damaged_records_total{store=\"ledger\"} 1", await again.ScrapeAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ledger_file_that_is_not_a_database_leaves_the_node_running_not_ready_with_the_reason()
    {
        var ct = TestContext.Current.CancellationToken;
        var (data, password) = await InitAsync("garbled");
        File.WriteAllBytes(Path.Combine(data, "ledger.db"), [.. Enumerable.Range(0, 16_384).Select(i => (byte)(i * 31))]);

        await using var node = await RunningNode.StartAsync(data, ["--password-file", password]);
        // The cookie is written before the port opens: wait for an answer, not for the file.
        await Poll.UntilAsync(async () =>
        {
            try
            {
                using var probe = node.Rpc();
                return await probe.StatusAsync(ct);
            }
            catch (Exception e) when (e is RpcException or HttpRequestException)
            {
                return null;
            }
        }, "the RPC port to answer");
        var readiness = await Poll.UntilAsync(async () =>
        {
            using var response = await node.Http.GetAsync("readyz", ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            return body.Contains("\"ledger\":\"failed\"", StringComparison.Ordinal) ? body : null;
        }, "the ledger to be reported failed");

        Assert.Contains("ledger.db: ", readiness, StringComparison.Ordinal);
        Assert.Contains("icnctl ledger repair", readiness, StringComparison.Ordinal);
        using var rpc = node.Rpc();
        var refused = await Assert.ThrowsAsync<RpcException>(() => rpc.CurrenciesAsync(ct));
        Assert.Equal(RpcErrorCodes.Unavailable, refused.Code);
        Assert.Contains("ledger.db", refused.Message, StringComparison.Ordinal);
        var scrape = Scrape.Parse(await node.ScrapeAsync());
        Assert.Equal(1, scrape["icn_storage_errors_total{store=\"ledger\",kind=\"damaged\"}"]);
        Assert.Equal(1, scrape["icn_system_components_failed"]); // what IcnComponentFailed fires on, whatever the peers
        Assert.Equal(0, scrape["icn_system_ready"]);
        Assert.Equal(0, await node.StopAsync());
        Assert.DoesNotContain("   at ", node.Process.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_that_lost_its_stores_takes_its_records_back_from_a_peer_and_goes_on_from_the_next_sequence()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var mesh = await NodeMesh.StartAsync(_dir, 2, new Dictionary<string, string>());
        var (a, b) = (mesh.Nodes[0], mesh.Nodes[1]);
        using var peer = await PayThreeTimesAsync(mesh, ct);
        Assert.Equal(0, await a.StopAsync());
        DeleteStore(a.DataDirectory, "ledger.db");
        DeleteStore(a.DataDirectory, "gossip.db");

        await using var restarted = await RunningNode.StartAsync(a.DataDirectory, ["--password-file", mesh.PasswordFile],
            new Dictionary<string, string> { ["ICN_BOOTSTRAP_PEERS"] = $"icn://{mesh.Dids[1]}@127.0.0.1:{b.P2pPort}" });
        await restarted.Process.WaitForLogAsync("JSON-RPC on"); // the cookie of this run, not the last one's
        using var client = restarted.Rpc();

        // At once: the payment waits until the ledger has caught up with the peer, then takes sequence 4.
        var next = await client.PayAsync(new PayParams("HOUR", mesh.Dids[1], 4), ct);

        Assert.Equal(4UL, next.Sequence);
        Assert.Equal(4, (await HistoryOrNone(client, mesh.Dids[0])).Length);
        await restarted.Process.WaitForLogAsync("ledger caught up with its peers");
        await Poll.UntilAsync(async () => (await HistoryOrNone(peer, mesh.Dids[0])).Length == 4 ? "" : null, "the peer to apply A's fourth payment");
        var scrape = Scrape.Parse(await b.ScrapeAsync());
        Assert.Equal(0, scrape["icn_ledger_pending_records"]);
        Assert.Equal(0, scrape["icn_ledger_quarantine_records"]);
        Assert.Equal(4, Scrape.Parse(await restarted.ScrapeAsync())["icn_storage_records_recovered_total{store=\"ledger\"}"]);
    }

    /// <summary>A creates HOUR and pays B three times; returns B's client once B holds the three payments.</summary>
    private static async Task<RpcClient> PayThreeTimesAsync(NodeMesh mesh, CancellationToken ct)
    {
        using (var rpc = mesh.Nodes[0].Rpc())
        {
            await rpc.CreateCurrencyAsync(new CreateCurrencyParams("HOUR", 0, "hours", 1_000), ct);
            for (var i = 1; i <= 3; i++)
            {
                await rpc.PayAsync(new PayParams("HOUR", mesh.Dids[1], i), ct);
            }
        }

        var peer = mesh.Nodes[1].Rpc();
        await Poll.UntilAsync(async () => (await HistoryOrNone(peer, mesh.Dids[0])).Length == 3 ? "" : null, "the peer to hold A's three payments");
        return peer;
    }

    private static async Task<TransferView[]> HistoryOrNone(RpcClient rpc, string account)
    {
        try
        {
            return await rpc.HistoryAsync(new HistoryParams(account, "HOUR"));
        }
        catch (RpcException e) when (e.Code == RpcErrorCodes.Refused)
        {
            return []; // the currency is not known there yet
        }
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("random pages")]
    [InlineData("emptied")]
    [InlineData("WAL deleted after SIGKILL")]
    [InlineData("WAL garbled after SIGKILL")]
    public async Task After_damage_the_node_is_never_ready_with_wrong_balances_and_recovers_from_its_peer(string damage)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var mesh = await NodeMesh.StartAsync(_dir, 2, new Dictionary<string, string>());
        var (a, b) = (mesh.Nodes[0], mesh.Nodes[1]);
        using var peer = await PayThreeTimesAsync(mesh, ct);
        var expected = Text(await peer.BalancesAsync(new BalancesParams("HOUR"), ct));
        var ledger = Path.Combine(a.DataDirectory, "ledger.db");
        if (damage.Contains("WAL", StringComparison.Ordinal))
        {
            a.Process.Signal(9); // the last commits are still in the WALs
            await a.Process.WaitForExitAsync(TimeSpan.FromSeconds(10));
            foreach (var wal in new[] { ledger + "-wal", Path.Combine(a.DataDirectory, "gossip.db-wal") })
            {
                if (damage.Contains("deleted", StringComparison.Ordinal))
                {
                    File.Delete(wal);
                }
                else if (File.Exists(wal))
                {
                    await File.WriteAllBytesAsync(wal, [.. new Random(7).GetItems<byte>(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray(), (int)new FileInfo(wal).Length)], ct);
                }
            }
        }
        else
        {
            Assert.Equal(0, await a.StopAsync());
            Damage(ledger, damage);
        }

        await using var restarted = await RunningNode.StartAsync(a.DataDirectory, ["--password-file", mesh.PasswordFile],
            new Dictionary<string, string> { ["ICN_BOOTSTRAP_PEERS"] = $"icn://{mesh.Dids[1]}@127.0.0.1:{b.P2pPort}" });
        await restarted.Process.WaitForLogAsync("JSON-RPC on");
        using var client = restarted.Rpc();
        var state = await Poll.UntilAsync(async () =>
        {
            using var response = await restarted.Http.GetAsync("readyz", ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            return response.IsSuccessStatusCode ? "ready" : body.Contains("\"ledger\":\"failed\"", StringComparison.Ordinal) ? "failed" : null;
        }, "a clear state: ready, or the ledger failed with its reason");
        TestContext.Current.TestOutputHelper?.WriteLine($"{damage}: {state} at start");

        if (state == "ready")
        {
            // Ready means right: the balances are the peer's.
            Assert.Equal(expected, Text(await client.BalancesAsync(new BalancesParams("HOUR"), ct)));
            return;
        }

        Assert.Contains("ledger.db", (await client.StatusAsync(ct)).Problems!["ledger"], StringComparison.Ordinal);
        Assert.Equal("rebuilt", (await client.RepairAsync(ct)).Outcome);
        await Poll.UntilAsync(async () => (await restarted.Http.GetAsync("readyz", ct)).IsSuccessStatusCode
            && Text(await client.BalancesAsync(new BalancesParams("HOUR"), ct)) == expected ? "" : null, "the rebuilt ledger to hold the peer's balances");
        Assert.Single(Directory.GetFiles(a.DataDirectory, "ledger.db.damaged-*"), f => !f.EndsWith("-wal", StringComparison.Ordinal) && !f.EndsWith("-shm", StringComparison.Ordinal));
    }

    private static void Damage(string file, string damage)
    {
        var bytes = File.ReadAllBytes(file);
        switch (damage)
        {
            case "truncated":
                File.WriteAllBytes(file, bytes[..(bytes.Length / 2)]);
                break;
            case "random pages":
                new Random(11).NextBytes(bytes.AsSpan(4096, Math.Min(2 * 4096, bytes.Length - 4096)));
                File.WriteAllBytes(file, bytes);
                break;
            case "emptied":
                File.WriteAllBytes(file, []);
                break;
        }
    }

    private static string Text(BalanceView[] balances) => string.Join(';', balances.OrderBy(v => v.Account, StringComparer.Ordinal).Select(v => $"{v.Account}={v.Balance}"));

    private static string Payee => "did:icn:zGKmvmtVNva3qWMfzftPjD5Ce8UWZAsfwkxz2rh62NaDW";

    private async Task<(string Data, string Password)> InitAsync(string name)
    {
        var password = _dir.PasswordFile("recovery");
        var data = _dir.File(name);
        using var init = await ProgramRun.IcnctlAsync(["id", "init", "--data-dir", data, "--password-file", password]);
        Assert.True(init.ExitCode == 0, init.Output);
        return (data, password);
    }

    private static async Task<RunningNode> ReadyAsync(string data, string password)
    {
        var node = await RunningNode.StartAsync(data, ["--password-file", password]);
        await Poll.UntilAsync(async () =>
        {
            try
            {
                return (await node.Http.GetAsync("readyz")).IsSuccessStatusCode ? "" : null;
            }
            catch (HttpRequestException e)
            {
                throw new InvalidOperationException($"icnd stopped answering\n{node.Process.Output}", e);
            }
        }, "the node to be ready");
        return node;
    }

    private static void DeleteStore(string data, string file)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(Path.Combine(data, file + suffix));
        }
    }
}

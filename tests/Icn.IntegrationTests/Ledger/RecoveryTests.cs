using Icn.Rpc;
using Icn.TestKit;
using Microsoft.Data.Sqlite;

namespace Icn.IntegrationTests.Ledger;

/// <summary>
/// Real icnd processes after losing or damaging their stores: records committed but never gossiped are
/// published at start, damage is set aside and repaired from gossip.db, and a file that is not a
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
        await Poll.UntilAsync(() => File.Exists(Path.Combine(data, RpcCookie.FileName)), "the RPC port to open");
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
        Assert.Contains("icn_storage_errors_total{store=\"ledger\",kind=\"damaged\"} 1", await node.ScrapeAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await node.StopAsync());
        Assert.DoesNotContain("   at ", node.Process.Stderr, StringComparison.Ordinal);
    }

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

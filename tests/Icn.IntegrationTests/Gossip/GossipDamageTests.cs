using Microsoft.Data.Sqlite;

namespace Icn.IntegrationTests.Gossip;

/// <summary>
/// gossip.db damaged while the node was stopped: at start every stored entry is verified, a damaged one is
/// removed and counted (never served), and the node fetches a sound copy from its peer.
/// </summary>
public sealed class GossipDamageTests : IDisposable
{
    private const string Topic = "coop:news";
    private readonly TempDirectory _dir = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    [Fact]
    public async Task Entries_damaged_on_disk_are_removed_counted_and_fetched_again_from_the_peer()
    {
        var ct = TestContext.Current.CancellationToken;
        var environment = new Dictionary<string, string> { ["ICN_GOSSIP_TOPICS"] = Topic };
        await using var mesh = await NodeMesh.StartAsync(_dir, 2, environment);
        var (a, b) = (mesh.Nodes[0], mesh.Nodes[1]);
        using (var rpc = a.Rpc())
        {
            foreach (var text in new[] { "one", "two", "three" })
            {
                await rpc.PublishAsync(new PublishParams(Topic, text), ct);
            }
        }

        using (var rpc = b.Rpc())
        {
            await Poll.UntilAsync(async () => (await rpc.EntriesAsync(new EntriesParams(Topic), ct)).Length == 3 ? "" : null, "B to hold the three entries");
        }

        Assert.Equal(0, await b.StopAsync());
        Edit(Path.Combine(b.DataDirectory, "gossip.db"),
            "UPDATE entries SET payload = CAST('tampered' AS BLOB) WHERE payload = CAST('one' AS BLOB)",
            "UPDATE entries SET signature = zeroblob(64) WHERE payload = CAST('two' AS BLOB)",
            "INSERT INTO entries VALUES(x'0102', 'coop:news', zeroblob(32), 1, x'', zeroblob(64))");

        environment["ICN_BOOTSTRAP_PEERS"] = $"icn://{mesh.Dids[0]}@127.0.0.1:{a.P2pPort}";
        await using var restarted = await RunningNode.StartAsync(b.DataDirectory, ["--password-file", mesh.PasswordFile], environment);
        await restarted.Process.WaitForLogAsync("gossip.db: 2 damaged entries of topic coop:news removed");
        await restarted.Process.WaitForLogAsync("gossip.db: 1 rows without a 32-byte id removed");
        await restarted.Process.WaitForLogAsync("JSON-RPC on");
        using var client = restarted.Rpc();

        var texts = await Poll.UntilAsync(async () =>
        {
            var entries = await client.EntriesAsync(new EntriesParams(Topic), ct);
            return entries.Length == 3 ? string.Join(',', entries.Select(e => e.PayloadText).Order(StringComparer.Ordinal)) : null;
        }, "B to fetch sound copies of the two damaged entries from A");
        Assert.Equal("one,three,two", texts);
        Assert.Equal(3, Scrape.Parse(await restarted.ScrapeAsync())["icn_storage_damaged_records_total{store=\"gossip\"}"]);
        Assert.DoesNotContain("   at ", restarted.Process.Stderr, StringComparison.Ordinal);
    }

    private static void Edit(string database, params string[] statements)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        foreach (var sql in statements)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            Assert.Equal(1, command.ExecuteNonQuery());
        }
    }
}

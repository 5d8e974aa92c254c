using Icn.Gossip.Storage;
using Icn.Identity.Keys;
using Icn.Protocol.Messages.Gossip;
using Microsoft.Data.Sqlite;

namespace Icn.Gossip.Tests;

/// <summary>gossip.db files written by earlier versions of icnd open and keep every entry.</summary>
public sealed class StoreMigrationTests
{
    [Fact]
    public void A_schema_2_store_clustered_by_id_moves_to_the_rowid_table_with_every_entry_in_order()
    {
        using var dir = new TempDirectory();
        var path = dir.File("gossip.db");
        var author = IdentityKeyPair.FromSeed(Enumerable.Repeat((byte)3, 32).ToArray());
        var entries = Enumerable.Range(0, 20).Select(i =>
        {
            var payload = BitConverter.GetBytes(i);
            var id = GossipEntry.ComputeId("coop:news", author.Did, 1_000 + (i % 7), payload); // equal timestamps: ordered by id
            return new GossipEntry(id, "coop:news", author.Did, 1_000 + (i % 7), payload, author.Sign(GossipEntry.SigningBytes(id)));
        }).ToArray();
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = """
                CREATE TABLE topics(name TEXT PRIMARY KEY, access INTEGER NOT NULL, participants TEXT NOT NULL,
                    max_entries INTEGER NOT NULL, retention_ms INTEGER NOT NULL, subscribed INTEGER NOT NULL, min_class INTEGER NOT NULL DEFAULT 0);
                CREATE TABLE entries(id BLOB PRIMARY KEY, topic TEXT NOT NULL, author BLOB NOT NULL, timestamp_ms INTEGER NOT NULL,
                    payload BLOB NOT NULL, signature BLOB NOT NULL) WITHOUT ROWID;
                CREATE INDEX entries_by_topic ON entries(topic, timestamp_ms);
                INSERT INTO topics VALUES('coop:news', 0, '', 10000, 2592000000, 1, 0);
                PRAGMA user_version = 2;
                """;
            create.ExecuteNonQuery();
            foreach (var entry in entries)
            {
                using var insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO entries VALUES($id, $topic, $author, $ts, $payload, $signature)";
                insert.Parameters.AddWithValue("$id", entry.Id.ToBytes());
                insert.Parameters.AddWithValue("$topic", entry.Topic);
                insert.Parameters.AddWithValue("$author", author.Did.PublicKey.ToArray());
                insert.Parameters.AddWithValue("$ts", entry.TimestampMs);
                insert.Parameters.AddWithValue("$payload", entry.Payload);
                insert.Parameters.AddWithValue("$signature", entry.Signature);
                insert.ExecuteNonQuery();
            }
        }

        using (var store = new SqliteEntryStore(path))
        {
            var loaded = store.LoadEntries("coop:news", null, 100);
            Assert.Equal(entries.Select(Icn.Gossip.Entries.EntryKey.Of).Order(), loaded.Select(l => l.Key));
            Assert.All(loaded, l => Assert.Equal(entries.Single(e => e.Id == l.Key.Id).Payload, l.Entry!.Payload));
            Assert.Single(store.LoadTopics());
        }

        using var check = new SqliteConnection($"Data Source={path};Pooling=false");
        check.Open();
        using var version = check.CreateCommand();
        version.CommandText = "PRAGMA user_version";
        Assert.Equal(3L, version.ExecuteScalar());
    }
}

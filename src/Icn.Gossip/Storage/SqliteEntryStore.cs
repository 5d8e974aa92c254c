using Icn.Core.Hashing;
using Icn.Core.Identity;
using Icn.Gossip.Entries;
using Icn.Gossip.Topics;
using Icn.Protocol.Messages.Gossip;
using Icn.Storage;
using Microsoft.Data.Sqlite;

namespace Icn.Gossip.Storage;

/// <summary>
/// Topics and entries in one SQLite file (WAL). A write is committed before the call returns, so an
/// entry acknowledged to a publisher survives the process being killed; with synchronous=NORMAL a
/// power cut may lose the last commits, which peers then repair through anti-entropy.
/// </summary>
public sealed class SqliteEntryStore : IEntryStore
{
    private const int SchemaVersion = 3;

    private readonly SqliteFile _db;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _find;
    private readonly SqliteCommand _delete;

    /// <summary>
    /// Opens (or creates) the store and checks the file's structure with SQLite's <c>quick_check</c>. Any
    /// failure, here or later, is a <see cref="StorageException"/> naming the file and the fault.
    /// </summary>
    public SqliteEntryStore(string path)
    {
        (_db, (_insert, _find, _delete)) = SqliteFile.Open(path, "NORMAL", Migrate);
    }

    private static (SqliteCommand, SqliteCommand, SqliteCommand) Migrate(SqliteFile db)
    {
        var version = db.SchemaVersion("gossip", SchemaVersion);
        db.Execute("""
            CREATE TABLE IF NOT EXISTS topics(
                name TEXT PRIMARY KEY, access INTEGER NOT NULL, participants TEXT NOT NULL,
                max_entries INTEGER NOT NULL, retention_ms INTEGER NOT NULL, subscribed INTEGER NOT NULL, min_class INTEGER NOT NULL DEFAULT 0);
            """);
        if (version == 1)
        {
            // Schema 1 knew public and participants topics only; class-restricted ones need the class.
            db.Execute("ALTER TABLE topics ADD COLUMN min_class INTEGER NOT NULL DEFAULT 0;");
        }

        // Schema 3 keeps entries in a rowid table: rows are appended in arrival order and only the small id index takes
        // random inserts, where schema 2 clustered whole rows by their random ids (measured about twice the cost per insert).
        db.Execute(version is 1 or 2 ? """
            BEGIN;
            CREATE TABLE entries_v3(id BLOB NOT NULL UNIQUE, topic TEXT NOT NULL, author BLOB NOT NULL, timestamp_ms INTEGER NOT NULL,
                payload BLOB NOT NULL, signature BLOB NOT NULL);
            INSERT INTO entries_v3(id, topic, author, timestamp_ms, payload, signature)
                SELECT id, topic, author, timestamp_ms, payload, signature FROM entries ORDER BY topic, timestamp_ms, id;
            DROP TABLE entries;
            ALTER TABLE entries_v3 RENAME TO entries;
            CREATE INDEX entries_by_topic ON entries(topic, timestamp_ms, id);
            COMMIT;
            """ : """
            CREATE TABLE IF NOT EXISTS entries(id BLOB NOT NULL UNIQUE, topic TEXT NOT NULL, author BLOB NOT NULL, timestamp_ms INTEGER NOT NULL,
                payload BLOB NOT NULL, signature BLOB NOT NULL);
            CREATE INDEX IF NOT EXISTS entries_by_topic ON entries(topic, timestamp_ms, id);
            """);

        // SQLite's checkpoint every 1,000 pages is kept: ten times that measured a quarter cheaper per insert, but lets the
        // WAL take 40 MB between checkpoints, faster than the storage guard's check can keep a small disk's reserve.
        db.Execute($"PRAGMA user_version = {SchemaVersion};");
        return (db.Prepare("INSERT OR IGNORE INTO entries VALUES($id, $topic, $author, $ts, $payload, $signature)",
                "$id", "$topic", "$author", "$ts", "$payload", "$signature"),
            db.Prepare("SELECT topic, author, timestamp_ms, payload, signature FROM entries WHERE id = $id", "$id"),
            db.Prepare("DELETE FROM entries WHERE id = $id", "$id"));
    }

    public IReadOnlyList<StoredTopic> LoadTopics() => _db.Query(
        "SELECT name, access, participants, max_entries, retention_ms, subscribed, min_class FROM topics ORDER BY name", reader =>
        {
            var participants = reader.GetString(2).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Did.Parse).ToArray();
            var definition = new TopicDefinition(reader.GetString(0), (TopicAccess)reader.GetInt32(1), participants,
                reader.GetInt32(3), TimeSpan.FromMilliseconds(reader.GetInt64(4)), (Icn.Trust.TrustClass)reader.GetInt32(6));
            return new StoredTopic(definition, reader.GetInt32(5) != 0);
        });

    public void SaveTopic(StoredTopic topic)
    {
        _db.Guarded(() =>
        {
            using var command = _db.Connection.CreateCommand();
            command.CommandText = """
                INSERT OR REPLACE INTO topics(name, access, participants, max_entries, retention_ms, subscribed, min_class)
                VALUES($name, $access, $participants, $max, $retention, $subscribed, $class)
                """;
            var definition = topic.Definition;
            command.Parameters.AddWithValue("$name", definition.Name);
            command.Parameters.AddWithValue("$access", (int)definition.Access);
            command.Parameters.AddWithValue("$participants", string.Join('\n', definition.Participants));
            command.Parameters.AddWithValue("$max", definition.MaxEntries);
            command.Parameters.AddWithValue("$retention", (long)definition.Retention.TotalMilliseconds);
            command.Parameters.AddWithValue("$subscribed", topic.Subscribed ? 1 : 0);
            command.Parameters.AddWithValue("$class", (int)definition.MinClass);
            command.ExecuteNonQuery();
        });
    }

    // (timestamp_ms, id) is the order of entries_by_topic: each page is an index range.
    public IReadOnlyList<StoredEntry> LoadEntries(string topic, EntryKey? after, int limit) => _db.Query("""
        SELECT timestamp_ms, id, author, payload, signature FROM entries
        WHERE topic = $topic AND (timestamp_ms, id) > ($ts, $id) ORDER BY timestamp_ms, id LIMIT $limit
        """, reader => ReadEntry(reader, topic),
        ("$topic", topic), ("$ts", after?.TimestampMs ?? long.MinValue), ("$id", after?.Id.ToBytes() ?? []), ("$limit", limit));

    public int RemoveUnreadable() => _db.Guarded(() =>
    {
        using var command = _db.Connection.CreateCommand();
        command.CommandText = "DELETE FROM entries WHERE typeof(id) != 'blob' OR length(id) != 32";
        return command.ExecuteNonQuery();
    });

    // A row edited on disk may hold anything: every column is checked for its type and length before it becomes an entry.
    private static StoredEntry ReadEntry(SqliteDataReader reader, string topic)
    {
        var key = new EntryKey(reader.GetInt64(0), ContentHash.FromBytes((byte[])reader[1]));
        if (reader[2] is not byte[] { Length: Did.PublicKeyLength } author)
        {
            return new StoredEntry(key, null, "its author is not a 32-byte key");
        }

        if (reader[3] is not byte[] payload || reader[4] is not byte[] { Length: GossipEntry.SignatureLength } signature)
        {
            return new StoredEntry(key, null, "its payload or signature is not stored as bytes of the right length");
        }

        return new StoredEntry(key, new GossipEntry(key.Id, topic, Did.FromPublicKey(author), key.TimestampMs, payload, signature), null);
    }

    public void Add(IReadOnlyList<GossipEntry> entries)
    {
        _db.Guarded(() =>
        {
            if (entries.Count == 0)
            {
                return;
            }

            // One entry commits on its own (measured 20% cheaper than an explicit transaction); several share one commit.
            using var transaction = entries.Count > 1 ? _db.Connection.BeginTransaction() : null;
            _insert.Transaction = transaction;
            foreach (var entry in entries)
            {
                var p = _insert.Parameters;
                p[0].Value = entry.Id.ToBytes();
                p[1].Value = entry.Topic;
                p[2].Value = entry.Author.PublicKey.ToArray();
                p[3].Value = entry.TimestampMs;
                p[4].Value = entry.Payload;
                p[5].Value = entry.Signature;
                _insert.ExecuteNonQuery();
            }

            transaction?.Commit();
        });
    }

    public GossipEntry? Find(ContentHash id)
    {
        return _db.Guarded(() =>
        {
            _find.Parameters[0].Value = id.ToBytes();
            using var reader = _find.ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }

            return new GossipEntry(id, reader.GetString(0), Did.FromPublicKey((byte[])reader[1]), reader.GetInt64(2),
                (byte[])reader[3], (byte[])reader[4]);
        });
    }

    public void Remove(IReadOnlyList<ContentHash> ids)
    {
        _db.Guarded(() =>
        {
            using var transaction = _db.Connection.BeginTransaction();
            _delete.Transaction = transaction;
            foreach (var id in ids)
            {
                _delete.Parameters[0].Value = id.ToBytes();
                _delete.ExecuteNonQuery();
            }

            transaction.Commit();
        });
    }

    public void Dispose()
    {
        _insert.Dispose();
        _find.Dispose();
        _delete.Dispose();
        _db.Dispose();
    }
}

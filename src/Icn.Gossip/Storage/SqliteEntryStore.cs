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
    private const int SchemaVersion = 1;

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _find;
    private readonly SqliteCommand _delete;

    private readonly string _file;

    /// <summary>
    /// Opens (or creates) the store and checks the file's structure with SQLite's <c>quick_check</c>. Any
    /// failure, here or later, is a <see cref="StorageException"/> naming the file and the fault.
    /// </summary>
    public SqliteEntryStore(string path)
    {
        _file = Path.GetFileName(path);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        try
        {
            _connection.Open();
            if (Scalar("PRAGMA quick_check;") is string result && result != "ok")
            {
                throw new StorageException(_file, StorageFault.Damaged, $"the database is damaged ({result})");
            }

            (_insert, _find, _delete) = Migrate();
        }
        catch (SqliteException e)
        {
            _connection.Dispose();
            throw Fault(e);
        }
        catch (StorageException)
        {
            _connection.Dispose();
            throw;
        }
    }

    private (SqliteCommand, SqliteCommand, SqliteCommand) Migrate()
    {
        Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
        var version = Convert.ToInt32(Scalar("PRAGMA user_version;"), System.Globalization.CultureInfo.InvariantCulture);
        if (version > SchemaVersion)
        {
            throw new StorageException(_file, StorageFault.Damaged, $"has gossip schema {version}; this icnd understands up to {SchemaVersion}");
        }

        Execute("""
            CREATE TABLE IF NOT EXISTS topics(
                name TEXT PRIMARY KEY, access INTEGER NOT NULL, participants TEXT NOT NULL,
                max_entries INTEGER NOT NULL, retention_ms INTEGER NOT NULL, subscribed INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS entries(
                id BLOB PRIMARY KEY, topic TEXT NOT NULL, author BLOB NOT NULL, timestamp_ms INTEGER NOT NULL,
                payload BLOB NOT NULL, signature BLOB NOT NULL) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS entries_by_topic ON entries(topic, timestamp_ms);
            PRAGMA user_version = 1;
            """);
        return (Prepare("INSERT OR IGNORE INTO entries VALUES($id, $topic, $author, $ts, $payload, $signature)",
                "$id", "$topic", "$author", "$ts", "$payload", "$signature"),
            Prepare("SELECT topic, author, timestamp_ms, payload, signature FROM entries WHERE id = $id", "$id"),
            Prepare("DELETE FROM entries WHERE id = $id", "$id"));
    }

    public IReadOnlyList<StoredTopic> LoadTopics()
    {
        return Guarded(() =>
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT name, access, participants, max_entries, retention_ms, subscribed FROM topics ORDER BY name";
            using var reader = command.ExecuteReader();
            var topics = new List<StoredTopic>();
            while (reader.Read())
            {
                var participants = reader.GetString(2).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Did.Parse).ToArray();
                var definition = new TopicDefinition(reader.GetString(0), (TopicAccess)reader.GetInt32(1), participants,
                    reader.GetInt32(3), TimeSpan.FromMilliseconds(reader.GetInt64(4)));
                topics.Add(new StoredTopic(definition, reader.GetInt32(5) != 0));
            }

            return topics;
        });
    }

    public void SaveTopic(StoredTopic topic)
    {
        Guarded(() =>
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "INSERT OR REPLACE INTO topics VALUES($name, $access, $participants, $max, $retention, $subscribed)";
            var definition = topic.Definition;
            command.Parameters.AddWithValue("$name", definition.Name);
            command.Parameters.AddWithValue("$access", (int)definition.Access);
            command.Parameters.AddWithValue("$participants", string.Join('\n', definition.Participants));
            command.Parameters.AddWithValue("$max", definition.MaxEntries);
            command.Parameters.AddWithValue("$retention", (long)definition.Retention.TotalMilliseconds);
            command.Parameters.AddWithValue("$subscribed", topic.Subscribed ? 1 : 0);
            command.ExecuteNonQuery();
        });
    }

    public IReadOnlyList<StoredEntry> LoadEntries(string topic, EntryKey? after, int limit)
    {
        return Guarded(() =>
        {
            using var command = _connection.CreateCommand();
            // (timestamp_ms, id) is the order of entries_by_topic, whose entries carry the id: each page is an index range.
            command.CommandText = """
                SELECT timestamp_ms, id, author, payload, signature FROM entries
                WHERE topic = $topic AND (timestamp_ms, id) > ($ts, $id) ORDER BY timestamp_ms, id LIMIT $limit
                """;
            command.Parameters.AddWithValue("$topic", topic);
            command.Parameters.AddWithValue("$ts", after?.TimestampMs ?? long.MinValue);
            command.Parameters.AddWithValue("$id", after?.Id.ToBytes() ?? []);
            command.Parameters.AddWithValue("$limit", limit);
            using var reader = command.ExecuteReader();
            var rows = new List<StoredEntry>();
            while (reader.Read())
            {
                rows.Add(ReadEntry(reader, topic));
            }

            return rows;
        });
    }

    public int RemoveUnreadable() => Guarded(() =>
    {
        using var command = _connection.CreateCommand();
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
        Guarded(() =>
        {
            if (entries.Count == 0)
            {
                return;
            }

            // One entry commits on its own (measured 20% cheaper than an explicit transaction); several share one commit.
            using var transaction = entries.Count > 1 ? _connection.BeginTransaction() : null;
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
        return Guarded(() =>
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
        Guarded(() =>
        {
            using var transaction = _connection.BeginTransaction();
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
        _connection.Dispose();
    }

    private void Guarded(Action action) => Guarded(() =>
    {
        action();
        return true;
    });

    /// <summary>SQLite's failures as <see cref="StorageException"/>s: the engine and the host deal in those alone.</summary>
    private T Guarded<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (SqliteException e)
        {
            throw Fault(e);
        }
    }

    private StorageException Fault(SqliteException e) => new(_file, StorageException.FaultOfSqlite(e.SqliteErrorCode), e.Message, e);

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private object? Scalar(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}

using Icn.Core.Hashing;
using Icn.Ledger.Records;
using Microsoft.Data.Sqlite;

namespace Icn.Ledger.Storage;

/// <summary>A record refused before it reached the journal (its signature), kept for inspection.</summary>
public sealed record QuarantinedBytes(ContentHash Id, byte[] Bytes, string Reason, long AtMs);

/// <summary>
/// The journal of signed records in one SQLite file (WAL, synchronous=FULL): a record acknowledged to
/// its author survives a crash or a power cut. Balances are not stored: they are derived from the
/// journal by replay, and the integrity check compares the two. Safe to use from several threads:
/// calls on its one connection take turns.
/// </summary>
public sealed class SqliteLedgerStore : IDisposable
{
    private const int SchemaVersion = 2;
    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;

    public SqliteLedgerStore(string path)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
        var version = Convert.ToInt32(Scalar("PRAGMA user_version;"), System.Globalization.CultureInfo.InvariantCulture);
        if (version > SchemaVersion)
        {
            throw new InvalidOperationException($"{path} has ledger schema {version}; this icnd understands up to {SchemaVersion}");
        }

        if (version == 1)
        {
            // Schema 1 keyed the journal by record id: every insert landed on a random page, and a commit
            // of 16 records cost five times one of a single record. The journal is now appended in arrival order.
            Execute("""
                BEGIN;
                ALTER TABLE journal RENAME TO journal_v1;
                CREATE TABLE journal(n INTEGER PRIMARY KEY, id BLOB NOT NULL, bytes BLOB NOT NULL, received_ms INTEGER NOT NULL);
                INSERT INTO journal(id, bytes, received_ms) SELECT id, bytes, received_ms FROM journal_v1 ORDER BY received_ms;
                DROP TABLE journal_v1;
                PRAGMA user_version = 2;
                COMMIT;
                """);
        }

        // No index on the journal's ids: the ledger holds them in memory and appends only new records,
        // so every commit writes to the last page. Only Drop, an operator's rare action, scans.
        Execute("""
            CREATE TABLE IF NOT EXISTS journal(n INTEGER PRIMARY KEY, id BLOB NOT NULL, bytes BLOB NOT NULL, received_ms INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS quarantine(id BLOB PRIMARY KEY, bytes BLOB NOT NULL, reason TEXT NOT NULL, at_ms INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS dropped(id BLOB PRIMARY KEY) WITHOUT ROWID;
            PRAGMA user_version = 2;
            """);
        _insert = _connection.CreateCommand();
        _insert.CommandText = "INSERT INTO journal(id, bytes, received_ms) VALUES($id, $bytes, $at)";
        _insert.Parameters.Add(new SqliteParameter { ParameterName = "$id" });
        _insert.Parameters.Add(new SqliteParameter { ParameterName = "$bytes" });
        _insert.Parameters.Add(new SqliteParameter { ParameterName = "$at" });
        _insert.Prepare();
    }

    /// <summary>
    /// Commits records to the journal in one transaction; durable when this returns. The caller passes
    /// only records the journal does not hold (a duplicate would be stored twice and read once).
    /// </summary>
    public void Append(IReadOnlyList<LedgerRecord> records, long nowMs)
    {
        lock (_gate)
        {
            AppendLocked(records, nowMs);
        }
    }

    private void AppendLocked(IReadOnlyList<LedgerRecord> records, long nowMs)
    {
        using var transaction = _connection.BeginTransaction();
        _insert.Transaction = transaction;
        foreach (var record in records)
        {
            _insert.Parameters[0].Value = record.Id.ToBytes();
            _insert.Parameters[1].Value = record.Encode();
            _insert.Parameters[2].Value = nowMs;
            _insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    public IReadOnlyList<byte[]> LoadJournal()
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT bytes FROM journal ORDER BY n";
            using var reader = command.ExecuteReader();
            var records = new List<byte[]>();
            while (reader.Read())
            {
                records.Add((byte[])reader[0]);
            }

            return records;
        }
    }

    /// <summary>Removes a record from the journal for good: it is refused if it arrives again.</summary>
    public void Drop(ContentHash id)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            Execute("DELETE FROM journal WHERE id = $id", id, transaction);
            Execute("DELETE FROM quarantine WHERE id = $id", id, transaction);
            Execute("INSERT OR IGNORE INTO dropped VALUES($id)", id, transaction);
            transaction.Commit();
        }
    }

    /// <summary>Deletes records from the journal (one scan of it), without refusing them if they come again.</summary>
    public void Forget(IReadOnlySet<ContentHash> ids)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            using var select = _connection.CreateCommand();
            select.Transaction = transaction;
            select.CommandText = "SELECT n, id FROM journal";
            var rows = new List<long>();
            using (var reader = select.ExecuteReader())
            {
                while (reader.Read())
                {
                    if (ids.Contains(ContentHash.FromBytes((byte[])reader[1])))
                    {
                        rows.Add(reader.GetInt64(0));
                    }
                }
            }

            using var delete = _connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM journal WHERE n = $n";
            var row = delete.Parameters.Add(new SqliteParameter { ParameterName = "$n" });
            foreach (var n in rows)
            {
                row.Value = n;
                delete.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    public HashSet<ContentHash> LoadDropped()
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT id FROM dropped";
            using var reader = command.ExecuteReader();
            var ids = new HashSet<ContentHash>();
            while (reader.Read())
            {
                ids.Add(ContentHash.FromBytes((byte[])reader[0]));
            }

            return ids;
        }
    }

    /// <summary>
    /// Keeps a refused record: at most <paramref name="capacity"/> of them, none older than
    /// <paramref name="maxAge"/>, the oldest going first.
    /// </summary>
    public void Quarantine(QuarantinedBytes record, int capacity, TimeSpan maxAge)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            using var insert = _connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT OR IGNORE INTO quarantine VALUES($id, $bytes, $reason, $at)";
            insert.Parameters.AddWithValue("$id", record.Id.ToBytes());
            insert.Parameters.AddWithValue("$bytes", record.Bytes);
            insert.Parameters.AddWithValue("$reason", record.Reason);
            insert.Parameters.AddWithValue("$at", record.AtMs);
            insert.ExecuteNonQuery();
            using var trim = _connection.CreateCommand();
            trim.Transaction = transaction;
            trim.CommandText = "DELETE FROM quarantine WHERE at_ms < $oldest OR id IN (SELECT id FROM quarantine ORDER BY at_ms DESC LIMIT -1 OFFSET $capacity)";
            trim.Parameters.AddWithValue("$capacity", capacity);
            trim.Parameters.AddWithValue("$oldest", record.AtMs - (long)maxAge.TotalMilliseconds);
            trim.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    public IReadOnlyList<QuarantinedBytes> LoadQuarantine()
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT id, bytes, reason, at_ms FROM quarantine ORDER BY at_ms";
            using var reader = command.ExecuteReader();
            var records = new List<QuarantinedBytes>();
            while (reader.Read())
            {
                records.Add(new QuarantinedBytes(ContentHash.FromBytes((byte[])reader[0]), (byte[])reader[1], reader.GetString(2), reader.GetInt64(3)));
            }

            return records;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _insert.Dispose();
            _connection.Dispose();
        }
    }

    private void Execute(string sql, ContentHash? id = null, SqliteTransaction? transaction = null)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        if (id is { } value)
        {
            command.Parameters.AddWithValue("$id", value.ToBytes());
        }

        command.ExecuteNonQuery();
    }

    private object? Scalar(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}

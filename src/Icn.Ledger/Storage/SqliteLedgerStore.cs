using Icn.Core.Hashing;
using Icn.Ledger.Records;
using Icn.Storage;
using Microsoft.Data.Sqlite;

namespace Icn.Ledger.Storage;

/// <summary>
/// The journal of signed records in one SQLite file (WAL, synchronous=FULL): a record acknowledged to
/// its author survives a crash or a power cut. Balances are not stored: they are derived from the
/// journal by replay, and the integrity check compares the two. Safe to use from several threads:
/// calls on its one connection take turns.
/// </summary>
public sealed class SqliteLedgerStore : ILedgerStore
{
    private const int SchemaVersion = 2;
    private readonly SqliteFile _db;
    private readonly SqliteCommand _insert;

    /// <summary>
    /// Opens (or creates) the journal and checks the file's structure with SQLite's <c>quick_check</c>.
    /// Any failure is a <see cref="StorageException"/> naming the file and the fault.
    /// </summary>
    public SqliteLedgerStore(string path)
    {
        (_db, _insert) = SqliteFile.Open(path, "FULL", Migrate);
    }

    private SqliteCommand Migrate(SqliteFile db)
    {
        if (db.SchemaVersion("ledger", SchemaVersion) == 1)
        {
            // Schema 1 keyed the journal by record id: every insert landed on a random page, and a commit
            // of 16 records cost five times one of a single record. The journal is now appended in arrival order.
            db.Execute("""
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
        db.Execute("""
            CREATE TABLE IF NOT EXISTS journal(n INTEGER PRIMARY KEY, id BLOB NOT NULL, bytes BLOB NOT NULL, received_ms INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS quarantine(id BLOB PRIMARY KEY, bytes BLOB NOT NULL, reason TEXT NOT NULL, at_ms INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS dropped(id BLOB PRIMARY KEY) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS shutdown(clean INTEGER NOT NULL);
            PRAGMA user_version = 2;
            """);
        OpenedAfterCleanShutdown = Convert.ToInt64(db.Scalar("SELECT count(*) FROM shutdown WHERE clean = 1;"), System.Globalization.CultureInfo.InvariantCulture) > 0;
        // Marked unclean in the main file itself (checkpointed), so that losing the WAL cannot bring back the
        // mark of an earlier clean stop.
        db.Execute("DELETE FROM shutdown; PRAGMA wal_checkpoint(TRUNCATE);");
        return db.Prepare("INSERT INTO journal(id, bytes, received_ms) VALUES($id, $bytes, $at)", "$id", "$bytes", "$at");
    }

    /// <summary>The file's name, for messages.</summary>
    public string File => _db.Name;

    /// <summary>
    /// Commits records to the journal in one transaction; durable when this returns. The caller passes
    /// only records the journal does not hold (a duplicate would be stored twice and read once).
    /// </summary>
    public void Append(IReadOnlyList<LedgerRecord> records, long nowMs)
    {
        _db.Guarded(() => AppendLocked(records, nowMs));
    }

    private void AppendLocked(IReadOnlyList<LedgerRecord> records, long nowMs)
    {
        using var transaction = _db.Connection.BeginTransaction();
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

    /// <summary>Every journal row in arrival order, as stored: the caller verifies them.</summary>
    public IReadOnlyList<StoredRecord> LoadJournal() => _db.Query("SELECT n, id, bytes FROM journal ORDER BY n", reader =>
    {
        // A row edited by hand may hold text or nothing where bytes belong: it reads as bytes that fail verification.
        var id = reader[1] as byte[] ?? [];
        return new StoredRecord(reader.GetInt64(0), id.Length == ContentHash.Length ? ContentHash.FromBytes(id) : default, reader[2] as byte[] ?? []);
    });

    /// <summary>
    /// Moves journal rows that failed verification into quarantine, with their reasons, in one
    /// transaction: they no longer count, and stay for inspection until the quarantine's bounds drop them.
    /// </summary>
    public void SetAside(IReadOnlyList<(StoredRecord Record, string Reason)> damaged, long nowMs) => _db.Guarded(() =>
    {
        using var transaction = _db.Connection.BeginTransaction();
        foreach (var (record, reason) in damaged)
        {
            _db.Execute("DELETE FROM journal WHERE n = $n", transaction, ("$n", record.Row));
            _db.Execute("INSERT OR REPLACE INTO quarantine VALUES($id, $bytes, $reason, $at)", transaction,
                ("$id", record.Id.ToBytes()), ("$bytes", record.Bytes), ("$reason", reason), ("$at", nowMs));
        }

        transaction.Commit();
    });

    /// <summary>SQLite's own <c>PRAGMA integrity_check</c> of the whole file: empty when it says ok.</summary>
    public IReadOnlyList<string> CheckFile() => _db.Query("PRAGMA integrity_check;", reader => reader.GetString(0)).Where(line => line != "ok").ToList();

    /// <summary>Removes a record from the journal for good: it is refused if it arrives again.</summary>
    public void Drop(ContentHash id)
    {
        _db.Guarded(() =>
        {
            using var transaction = _db.Connection.BeginTransaction();
            _db.Execute("DELETE FROM journal WHERE id = $id", transaction, ("$id", id.ToBytes()));
            _db.Execute("DELETE FROM quarantine WHERE id = $id", transaction, ("$id", id.ToBytes()));
            _db.Execute("INSERT OR IGNORE INTO dropped VALUES($id)", transaction, ("$id", id.ToBytes()));
            transaction.Commit();
        });
    }

    /// <summary>Deletes records from the journal (one scan of it), without refusing them if they come again.</summary>
    public void Forget(IReadOnlySet<ContentHash> ids)
    {
        _db.Guarded(() =>
        {
            using var transaction = _db.Connection.BeginTransaction();
            using var select = _db.Connection.CreateCommand();
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

            using var delete = _db.Connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM journal WHERE n = $n";
            var row = delete.Parameters.Add(new SqliteParameter { ParameterName = "$n" });
            foreach (var n in rows)
            {
                row.Value = n;
                delete.ExecuteNonQuery();
            }

            transaction.Commit();
        });
    }

    public HashSet<ContentHash> LoadDropped() => [.. _db.Query("SELECT id FROM dropped", reader => ContentHash.FromBytes((byte[])reader[0]))];

    /// <summary>
    /// Keeps a refused record: at most <paramref name="capacity"/> of them, none older than
    /// <paramref name="maxAge"/>, the oldest going first.
    /// </summary>
    public void Quarantine(QuarantinedBytes record, int capacity, TimeSpan maxAge)
    {
        _db.Guarded(() =>
        {
            using var transaction = _db.Connection.BeginTransaction();
            _db.Execute("INSERT OR IGNORE INTO quarantine VALUES($id, $bytes, $reason, $at)", transaction,
                ("$id", record.Id.ToBytes()), ("$bytes", record.Bytes), ("$reason", record.Reason), ("$at", record.AtMs));
            _db.Execute("DELETE FROM quarantine WHERE at_ms < $oldest OR id IN (SELECT id FROM quarantine ORDER BY at_ms DESC LIMIT -1 OFFSET $capacity)",
                transaction, ("$capacity", capacity), ("$oldest", record.AtMs - (long)maxAge.TotalMilliseconds));
            transaction.Commit();
        });
    }

    public IReadOnlyList<QuarantinedBytes> LoadQuarantine() => _db.Query("SELECT id, bytes, reason, at_ms FROM quarantine ORDER BY at_ms",
        reader => new QuarantinedBytes(ContentHash.FromBytes((byte[])reader[0]), (byte[])reader[1], reader.GetString(2), reader.GetInt64(3)));

    /// <summary>
    /// True when the previous process closed this file cleanly; false after a crash, a lost WAL or a new
    /// file. Records may then be missing that peers hold, this node's own among them.
    /// </summary>
    public bool OpenedAfterCleanShutdown { get; private set; }

    /// <summary>Marks a clean shutdown (the last write), then closes; the close checkpoints the WAL into the file.</summary>
    public void Dispose()
    {
        try
        {
            _db.Guarded(() => _db.Execute("INSERT INTO shutdown VALUES(1);"));
        }
        catch (StorageException)
        {
            // A full or read-only disk: the next start treats this stop as unclean, which is only cautious.
        }

        _insert.Dispose();
        _db.Dispose();
    }
}

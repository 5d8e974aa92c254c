using Icn.Core.Identity;
using Icn.Storage;

namespace Icn.Trust.Storage;

/// <summary>trust.db: one SQLite file (WAL, synchronous=FULL), a row per (source, target) holding the signed attestation.</summary>
public sealed class SqliteTrustStore : ITrustStore
{
    private const int SchemaVersion = 1;
    private readonly SqliteFile _db;

    public SqliteTrustStore(string path)
    {
        (_db, _) = SqliteFile.Open(path, "FULL", Migrate);
    }

    public string File => _db.Name;

    private static bool Migrate(SqliteFile db)
    {
        db.SchemaVersion("trust", SchemaVersion);
        db.Execute("""
            CREATE TABLE IF NOT EXISTS edges(source BLOB NOT NULL, target BLOB NOT NULL, bytes BLOB NOT NULL, PRIMARY KEY(source, target)) WITHOUT ROWID;
            PRAGMA user_version = 1;
            """);
        return true;
    }

    // A row edited by hand may hold text where bytes belong: it reads as bytes that fail verification.
    public IReadOnlyList<byte[]> Load() => _db.Query("SELECT bytes FROM edges", reader => reader[0] as byte[] ?? []);

    public void Put(Did source, Did target, byte[] attestation) => _db.Guarded(() =>
        _db.Execute("INSERT OR REPLACE INTO edges VALUES($source, $target, $bytes)", null,
            ("$source", source.PublicKey.ToArray()), ("$target", target.PublicKey.ToArray()), ("$bytes", attestation)));

    public void Remove(Did source, Did target) => _db.Guarded(() =>
        _db.Execute("DELETE FROM edges WHERE source = $source AND target = $target", null,
            ("$source", source.PublicKey.ToArray()), ("$target", target.PublicKey.ToArray())));

    public void RemoveFrom(Did source) => _db.Guarded(() =>
        _db.Execute("DELETE FROM edges WHERE source = $source", null, ("$source", source.PublicKey.ToArray())));

    public void RemoveDamaged(IReadOnlyList<byte[]> rows) => _db.Guarded(() =>
    {
        using var transaction = _db.Connection.BeginTransaction();
        foreach (var row in rows)
        {
            _db.Execute("DELETE FROM edges WHERE bytes = $bytes", transaction, ("$bytes", row));
        }

        transaction.Commit();
    });

    public void Dispose() => _db.Dispose();
}

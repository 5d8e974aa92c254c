using Icn.Core.Hashing;
using Icn.Ledger.Records;

namespace Icn.Ledger.Storage;

/// <summary>A record refused before it reached the journal (its signature), kept for inspection.</summary>
public sealed record QuarantinedBytes(ContentHash Id, byte[] Bytes, string Reason, long AtMs);

/// <summary>A journal row as stored: its row number, the id it was stored under, and its bytes (not yet verified).</summary>
public sealed record StoredRecord(long Row, ContentHash Id, byte[] Bytes);

/// <summary>
/// Where the ledger keeps its journal of signed records, the quarantine and the ids dropped for good.
/// Balances are never stored: the ledger derives them by replay. A call that writes returns once the
/// change is durable; failures are <see cref="Icn.Storage.StorageException"/>s naming the file.
/// </summary>
public interface ILedgerStore : IDisposable
{
    /// <summary>The file's name (or a description of the store), for messages.</summary>
    string File { get; }

    /// <summary>
    /// True when the previous process closed the store cleanly; false after a crash, a lost WAL or a new
    /// file. Records may then be missing that peers hold, this node's own among them.
    /// </summary>
    bool OpenedAfterCleanShutdown { get; }

    /// <summary>Commits records (none of them held already) in one transaction.</summary>
    void Append(IReadOnlyList<LedgerRecord> records, long nowMs);

    /// <summary>Every journal row in arrival order, as stored: the caller verifies them.</summary>
    IReadOnlyList<StoredRecord> LoadJournal();

    /// <summary>Moves journal rows that failed verification into quarantine, with their reasons, in one transaction.</summary>
    void SetAside(IReadOnlyList<(StoredRecord Record, string Reason)> damaged, long nowMs);

    /// <summary>The store's own check of its file (SQLite's <c>integrity_check</c>): empty when sound.</summary>
    IReadOnlyList<string> CheckFile();

    /// <summary>Removes a record from the journal and the quarantine for good: it is refused if it arrives again.</summary>
    void Drop(ContentHash id);

    /// <summary>Deletes records from the journal without refusing them if they come again.</summary>
    void Forget(IReadOnlySet<ContentHash> ids);

    /// <summary>The ids dropped for good.</summary>
    HashSet<ContentHash> LoadDropped();

    /// <summary>Keeps a refused record: at most <paramref name="capacity"/>, none older than <paramref name="maxAge"/>, oldest first out.</summary>
    void Quarantine(QuarantinedBytes record, int capacity, TimeSpan maxAge);

    /// <summary>The quarantine, oldest first.</summary>
    IReadOnlyList<QuarantinedBytes> LoadQuarantine();
}

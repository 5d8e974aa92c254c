namespace Icn.Storage;

/// <summary>Why a store could not do what it was asked; the <c>kind</c> label of <c>icn_storage_errors_total</c>.</summary>
public enum StorageFault
{
    /// <summary>The file system has no room (or the node's free-space reserve is reached).</summary>
    Full,

    /// <summary>The file or its directory cannot be written (permissions, a read-only mount).</summary>
    ReadOnly,

    /// <summary>The file is not a sound database, or a record in it fails verification.</summary>
    Damaged,

    /// <summary>Any other input/output failure.</summary>
    Io,
}

/// <summary>A store's failure, named by file and fault, worded for one log line.</summary>
public sealed class StorageException(string file, StorageFault fault, string message, Exception? inner = null)
    : Exception(file.Length > 0 ? $"{file}: {message}" : message, inner)
{
    public string File { get; } = file;

    public StorageFault Fault { get; } = fault;

    /// <summary>
    /// The fault an SQLite result code stands for (primary codes, https://sqlite.org/rescode.html), so that
    /// stores need no table of their own.
    /// </summary>
    public static StorageFault FaultOfSqlite(int resultCode) => (resultCode & 0xff) switch
    {
        13 => StorageFault.Full, // SQLITE_FULL
        8 or 3 => StorageFault.ReadOnly, // SQLITE_READONLY, SQLITE_PERM
        11 or 26 => StorageFault.Damaged, // SQLITE_CORRUPT, SQLITE_NOTADB
        _ => StorageFault.Io,
    };
}

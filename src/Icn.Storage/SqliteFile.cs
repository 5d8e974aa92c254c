using Microsoft.Data.Sqlite;

namespace Icn.Storage;

/// <summary>
/// One store's SQLite file (WAL): opened, checked with SQLite's <c>quick_check</c>, and every SQLite failure
/// turned into a <see cref="StorageException"/> naming the file and the fault. Calls on its one connection
/// take turns, so a store is safe to use from several threads.
/// </summary>
public sealed class SqliteFile : IDisposable
{
    private readonly Lock _gate = new();

    private SqliteFile(string path)
    {
        Name = Path.GetFileName(path);
        Connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
    }

    /// <summary>The file's name, as messages and <see cref="StorageException.File"/> give it.</summary>
    public string Name { get; }

    public SqliteConnection Connection { get; }

    /// <summary>
    /// Opens (or creates) the file, checks its structure, sets WAL with the given <c>synchronous</c> level,
    /// and lets the store <paramref name="prepare"/> its schema and statements. Any failure on the way closes
    /// the file and is a <see cref="StorageException"/>.
    /// </summary>
    public static (SqliteFile File, T Prepared) Open<T>(string path, string synchronous, Func<SqliteFile, T> prepare)
    {
        var file = new SqliteFile(path);
        try
        {
            file.Connection.Open();
            if (file.Scalar("PRAGMA quick_check;") is string result && result != "ok")
            {
                throw new StorageException(file.Name, StorageFault.Damaged, $"the database is damaged ({result})");
            }

            file.Execute($"PRAGMA journal_mode=WAL; PRAGMA synchronous={synchronous};");
            return (file, prepare(file));
        }
        catch (SqliteException e)
        {
            file.Dispose();
            throw file.Fault(e);
        }
        catch (StorageException)
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The schema version in <c>user_version</c>; one above <paramref name="understood"/> is refused as damage.</summary>
    public int SchemaVersion(string store, int understood)
    {
        var version = Convert.ToInt32(Scalar("PRAGMA user_version;"), System.Globalization.CultureInfo.InvariantCulture);
        return version <= understood ? version
            : throw new StorageException(Name, StorageFault.Damaged, $"has {store} schema {version}; this icnd understands up to {understood}");
    }

    /// <summary>Runs a call on the connection, one at a time; SQLite's failures become <see cref="StorageException"/>s.</summary>
    public T Guarded<T>(Func<T> call)
    {
        lock (_gate)
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
    }

    public void Guarded(Action action) => Guarded(() =>
    {
        action();
        return true;
    });

    /// <summary>The fault SQLite reported, with this file's name.</summary>
    public StorageException Fault(SqliteException e) => new(Name, StorageException.FaultOfSqlite(e.SqliteErrorCode), e.Message, e);

    /// <summary>A statement prepared once, with its parameters declared by name.</summary>
    public SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    public int Execute(string sql, SqliteTransaction? transaction = null, params (string Name, object Value)[] parameters)
    {
        using var command = Command(sql, transaction, parameters);
        return command.ExecuteNonQuery();
    }

    public object? Scalar(string sql)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>Reads every row a query returns, one at a time on the connection, turned into values by <paramref name="row"/>.</summary>
    public List<T> Query<T>(string sql, Func<SqliteDataReader, T> row, params (string Name, object Value)[] parameters) => Guarded(() =>
    {
        using var command = Command(sql, null, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(row(reader));
        }

        return rows;
    });

    /// <summary>A one-off command; the caller disposes it.</summary>
    public SqliteCommand Command(string sql, SqliteTransaction? transaction = null, params (string Name, object Value)[] parameters)
    {
        var command = Connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    public void Dispose() => Connection.Dispose();
}

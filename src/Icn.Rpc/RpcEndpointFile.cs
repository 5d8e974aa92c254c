namespace Icn.Rpc;

/// <summary>
/// Where a running node's JSON-RPC answers: icnd writes <c>&lt;data dir&gt;/rpc.addr</c> (HOST:PORT, a dialable address
/// even when it listens on every interface) once its port is open, and removes it when it stops; icnctl reads it,
/// so that <c>--data-dir</c> alone finds a node on any port, as Kubo's <c>api</c> file does.
/// </summary>
public static class RpcEndpointFile
{
    public const string FileName = "rpc.addr";

    public static void Write(string dataDirectory, string address)
    {
        var temporary = Path.Combine(dataDirectory, $".{FileName}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(temporary, address + "\n");
        File.Move(temporary, Path.Combine(dataDirectory, FileName), overwrite: true);
    }

    /// <summary>The address the node wrote, or null when there is none (not running, or an older node).</summary>
    public static string? Read(string dataDirectory)
    {
        try
        {
            return File.ReadAllText(Path.Combine(dataDirectory, FileName)).Trim() is { Length: > 0 } address ? address : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static void Remove(string dataDirectory)
    {
        try
        {
            File.Delete(Path.Combine(dataDirectory, FileName));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left behind, it names a port nothing answers on: icnctl then says the node is not running.
        }
    }
}

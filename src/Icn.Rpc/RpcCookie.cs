using System.Security.Cryptography;

namespace Icn.Rpc;

/// <summary>
/// The bearer token every RPC call carries. icnd writes a new one at each start to
/// <c>&lt;data dir&gt;/rpc.cookie</c>, readable by its owner only; icnctl reads it from the same directory.
/// </summary>
public static class RpcCookie
{
    public const string FileName = "rpc.cookie";

    /// <summary>Writes a fresh random token (mode 0600, replaced atomically) and returns it.</summary>
    public static string Create(string dataDirectory)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var path = Path.Combine(dataDirectory, FileName);
        var temporary = Path.Combine(dataDirectory, $".{FileName}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new FileStream(temporary, options))
        using (var writer = new StreamWriter(file))
        {
            writer.Write(token);
        }

        File.Move(temporary, path, overwrite: true);
        return token;
    }

    /// <summary>Reads the token, or explains why it cannot.</summary>
    public static string Read(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        string token;
        try
        {
            token = File.ReadAllText(path).Trim();
        }
        catch (FileNotFoundException)
        {
            throw new RpcException(RpcErrorCodes.Unavailable, $"no {FileName} in {dataDirectory}: is icnd running with this data directory?");
        }
        catch (DirectoryNotFoundException)
        {
            throw new RpcException(RpcErrorCodes.Unavailable, $"data directory {dataDirectory} does not exist: is icnd running with this data directory?");
        }
        catch (UnauthorizedAccessException)
        {
            throw new RpcException(RpcErrorCodes.Unavailable, $"cannot read {path}: run icnctl as the user that runs icnd");
        }

        return token.Length == 64 && !token.AsSpan().ContainsAnyExcept("0123456789abcdef") ? token
            : throw new RpcException(RpcErrorCodes.Unavailable, $"{path} does not hold an RPC token (64 hexadecimal digits): restart icnd to write a new one");
    }
}

/// <summary>An RPC call that failed: the JSON-RPC error code and the node's message.</summary>
public sealed class RpcException(int code, string message, string? reason = null) : Exception(message)
{
    public int Code { get; } = code;

    /// <summary>
    /// The error's <c>data.reason</c>: a word a program can act on where the code alone is too coarse
    /// ("storage": the node is read-only for lack of disk space).
    /// </summary>
    public string? Reason { get; } = reason;
}

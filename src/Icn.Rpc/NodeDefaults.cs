namespace Icn.Rpc;

/// <summary>
/// Where a node is found when nothing says otherwise: the defaults icnd starts with and icnctl looks at,
/// written once for both.
/// </summary>
public static class NodeDefaults
{
    /// <summary>The environment variable naming the data directory, for icnd and icnctl.</summary>
    public const string DataDirectoryVariable = "ICN_DATA_DIR";

    /// <summary>The environment variable naming the JSON-RPC address, for icnd and icnctl.</summary>
    public const string RpcAddressVariable = "ICN_RPC_ADDR";

    /// <summary>The JSON-RPC address: loopback only, so that only this host's users can reach it.</summary>
    public const string RpcAddress = "127.0.0.1:5601";

    /// <summary>The data directory: <c>~/.icn</c>.</summary>
    public static string DataDirectory => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".icn");
}

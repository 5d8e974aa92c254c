namespace Icn.Rpc;

/// <summary>
/// A host as this machine dials it: a port bound on every interface (0.0.0.0, ::) is reached on loopback. Every address
/// icnd writes or icnctl prints goes through here, so none is ever 0.0.0.0.
/// </summary>
public static class DialableHost
{
    public static string Of(string host) => host switch
    {
        "0.0.0.0" => "127.0.0.1",
        "[::]" or "::" => "[::1]",
        _ => host,
    };
}

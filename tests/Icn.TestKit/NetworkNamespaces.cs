using System.Diagnostics;

namespace Icn.TestKit;

/// <summary>
/// Two network namespaces made by the test, each with one veth link into a bridge in the test's own
/// namespace, on a private /24: multicast flows between the two, and the test reaches both over HTTP.
/// Nothing touches eth0. Removed on dispose.
/// </summary>
public sealed class NetworkNamespaces : IDisposable
{
    private readonly string _prefix;
    private readonly string _bridge;

    private NetworkNamespaces(string prefix, int subnet)
    {
        _prefix = prefix;
        _bridge = prefix + "br";
        Subnet = subnet;
    }

    public int Subnet { get; }

    public string Namespace(int node) => $"{_prefix}n{node}";

    /// <summary>The node's interface inside its namespace.</summary>
    public string Interface(int node) => $"{_prefix}v{node}";

    public string Address(int node) => $"10.77.{Subnet}.{node}";

    /// <summary>Creates namespaces 1 and 2; returns null with the reason when this machine does not allow it.</summary>
    public static NetworkNamespaces? TryCreate(out string reason)
    {
        var id = Random.Shared.Next(1000, 9999);
        var spaces = new NetworkNamespaces($"icn{id}", Random.Shared.Next(1, 250));
        try
        {
            spaces.Run("link", "add", spaces._bridge, "type", "bridge");
            spaces.Run("addr", "add", $"10.77.{spaces.Subnet}.254/24", "dev", spaces._bridge);
            spaces.Run("link", "set", spaces._bridge, "up");
            for (var node = 1; node <= 2; node++)
            {
                var ns = spaces.Namespace(node);
                var inside = spaces.Interface(node);
                var outside = $"{spaces._prefix}o{node}";
                spaces.Run("netns", "add", ns);
                spaces.Run("link", "add", inside, "type", "veth", "peer", "name", outside);
                spaces.Run("link", "set", outside, "master", spaces._bridge);
                spaces.Run("link", "set", outside, "up");
                spaces.Run("link", "set", inside, "netns", ns);
                spaces.Run("-n", ns, "link", "set", "lo", "up");
                spaces.Run("-n", ns, "addr", "add", $"{spaces.Address(node)}/24", "dev", inside);
                spaces.Run("-n", ns, "link", "set", inside, "up");
                spaces.Run("netns", "exec", ns, "true"); // some sandboxes allow creating a namespace but not entering it
            }

            reason = "";
            return spaces;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            spaces.Dispose();
            reason = $"cannot create network namespaces here ({e.Message})";
            return null;
        }
    }

    public void Dispose()
    {
        for (var node = 1; node <= 2; node++)
        {
            TryRun("netns", "del", Namespace(node));
        }

        TryRun("link", "del", _bridge);
    }

    private void Run(params string[] args)
    {
        var (code, error) = Ip(args);
        if (code != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', args)}: {error.Trim()}");
        }
    }

    private static void TryRun(params string[] args) => Ip(args);

    private static (int Code, string Error) Ip(string[] args)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error);
    }
}

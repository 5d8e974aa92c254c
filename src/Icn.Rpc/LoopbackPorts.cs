using System.Net;
using System.Net.Sockets;

namespace Icn.Rpc;

/// <summary>
/// Ports for nodes started on this host (the devnet, tests): free on 127.0.0.1 now, below Linux's ephemeral
/// range (32768-60999), so that no process's outgoing connection can take one between the moment it is
/// chosen and the moment the node binds it, and never the same one twice in a process.
/// </summary>
/// <remarks>
/// A port is also claimed across processes: a file named after it in <see cref="ClaimFolder"/>, made only if
/// no other process made it in the last <see cref="ClaimLifetime"/>. Without the claim, two test processes
/// (or two devnets) could pick the same free port within the seconds before either node binds it, and one
/// node would start without its RPC or metrics endpoint.
/// </remarks>
public static class LoopbackPorts
{
    private const int First = 20_000;
    private const int Last = 32_767;
    public static readonly TimeSpan ClaimLifetime = TimeSpan.FromMinutes(10);
    private static readonly HashSet<int> s_given = [];
    private static readonly Random s_random = new(Environment.ProcessId);

    /// <summary>Where claims are kept: per user, in the temporary folder.</summary>
    public static string ClaimFolder { get; } = Path.Combine(Path.GetTempPath(), $"icn-ports-{Environment.UserName}");

    public static int Next()
    {
        lock (s_given)
        {
            while (true)
            {
                var port = s_random.Next(First, Last + 1);
                if (s_given.Count < Last - First && !s_given.Add(port))
                {
                    continue;
                }

                if (IsFree(port) && TryClaim(port))
                {
                    return port;
                }
            }
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false; // taken by someone else: try another
        }
    }

    /// <summary>True when this process now holds the claim; a claim left by another process expires after a while.</summary>
    public static bool TryClaim(int port)
    {
        var file = Path.Combine(ClaimFolder, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            Directory.CreateDirectory(ClaimFolder);
            if (File.Exists(file) && DateTime.UtcNow - File.GetLastWriteTimeUtc(file) > ClaimLifetime)
            {
                File.Delete(file);
            }

            using var claim = new FileStream(file, FileMode.CreateNew, FileAccess.Write);
            return true;
        }
        catch (IOException) when (File.Exists(file))
        {
            return false; // another process claimed it recently
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true; // no claims possible here (read-only temporary folder): the trial bind alone decides
        }
    }
}

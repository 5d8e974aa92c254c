using System.Net;
using System.Net.Sockets;

namespace Icn.Rpc;

/// <summary>
/// Ports for nodes started on this host (the devnet, tests): free on 127.0.0.1 now, below Linux's ephemeral
/// range (32768-60999), so that no process's outgoing connection can take one between the moment it is
/// chosen and the moment the node binds it, and never the same one twice in a process.
/// </summary>
public static class LoopbackPorts
{
    private const int First = 20_000;
    private const int Last = 32_767;
    private static readonly HashSet<int> s_given = [];
    private static readonly Random s_random = new(Environment.ProcessId);

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

                try
                {
                    using var listener = new TcpListener(IPAddress.Loopback, port);
                    listener.Start();
                    return port;
                }
                catch (SocketException)
                {
                    // taken by someone else: try another
                }
            }
        }
    }
}

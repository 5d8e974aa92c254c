using System.Net;
using System.Net.Sockets;

namespace Icn.TestKit;

/// <summary>Loopback ports for tests.</summary>
public static class FreePort
{
    // Below Linux's ephemeral range (32768-60999): a port handed out here cannot be taken by some process's
    // outgoing connection between now and the moment the test's node binds it, and none is handed out twice.
    private const int First = 20_000;
    private const int Last = 32_767;
    private static readonly HashSet<int> s_given = [];
    private static readonly Random s_random = new(Environment.ProcessId);

    /// <summary>A port free on 127.0.0.1 now, outside the ephemeral range, never given before in this process.</summary>
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

using System.Net;
using System.Net.Sockets;

namespace Icn.TestKit;

/// <summary>Loopback ports for tests.</summary>
public static class FreePort
{
    /// <summary>A port the OS just handed out on 127.0.0.1 and that is free again.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace Icn.Node.Configuration;

/// <summary>An IP address and TCP port to listen on, written <c>HOST:PORT</c> (IPv6 as <c>[::1]:PORT</c>).</summary>
public sealed record ListenAddress(IPAddress Address, int Port)
{
    /// <summary>
    /// True when the operator wrote this address (file, environment or flag), false for a default. A configured
    /// address that cannot be bound stops the node; a default that cannot be bound costs only that endpoint.
    /// </summary>
    public bool Configured { get; init; }

    public static bool TryParse(string text, [NotNullWhen(true)] out ListenAddress? address)
    {
        address = null;
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is < 0 or > 65535)
        {
            return false;
        }

        var host = text[..colon].Trim('[', ']');
        if (!IPAddress.TryParse(host, out var ip) && !TryResolve(host, out ip))
        {
            return false;
        }

        address = new ListenAddress(ip, port);
        return true;
    }

    /// <summary>A host name to listen on, resolved once at start (IPv4 preferred): "localhost" is 127.0.0.1.</summary>
    private static bool TryResolve(string host, [NotNullWhen(true)] out IPAddress? ip)
    {
        ip = null;
        if (Uri.CheckHostName(host) != UriHostNameType.Dns)
        {
            return false;
        }

        try
        {
            ip = Dns.GetHostAddresses(host).OrderBy(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 0 : 1).FirstOrDefault();
            return ip is not null;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false; // a name that does not resolve is reported as a bad value, naming the key
        }
    }

    public static ListenAddress Parse(string text) =>
        TryParse(text, out var address) ? address : throw new FormatException($"'{text}' is not HOST:PORT");

    public IPEndPoint EndPoint => new(Address, Port);

    public override string ToString() => EndPoint.ToString();
}

using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Icn.Network;

/// <summary>
/// <c>HOST:PORT</c> where HOST is an IP address (IPv6 in brackets) or a DNS name, resolved when it is dialled, so a
/// peer that moves keeps its name. One parser for every address a person writes: bootstrap peers, dials.
/// </summary>
public sealed record HostPort(string Host, int Port)
{
    public static bool TryParse(string text, out HostPort? address)
    {
        address = null;
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return false;
        }

        var host = text[..colon].Trim('[', ']');
        if (!IPAddress.TryParse(host, out _) && Uri.CheckHostName(host) != UriHostNameType.Dns)
        {
            return false;
        }

        address = new HostPort(host, port);
        return true;
    }

    /// <summary>The endpoint to dial now: the IP itself, or the first address DNS gives (IPv4 preferred).</summary>
    public async Task<IPEndPoint> ResolveAsync(CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(Host, out var ip))
        {
            return new IPEndPoint(ip, Port);
        }

        var addresses = await Dns.GetHostAddressesAsync(Host, cancellationToken);
        var chosen = addresses.OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1).FirstOrDefault()
            ?? throw new SocketException((int)SocketError.HostNotFound);
        return new IPEndPoint(chosen, Port);
    }

    public override string ToString() => $"{(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port}";
}

using System.Net;

namespace Icn.Network.Transport;

/// <summary>The IP address per-address limits count: IPv4 as IPv4 even over a dual-stack socket.</summary>
internal static class RemoteAddress
{
    public static IPAddress Of(EndPoint? endPoint) => endPoint is IPEndPoint { Address: var address }
        ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address)
        : IPAddress.None;
}

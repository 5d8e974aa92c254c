using System.Net;
using Icn.Core.Identity;
using Makaretu.Dns;

namespace Icn.Network.Discovery;

/// <summary>
/// The DNS-SD records of an ICN node on mDNS: service <c>_icn._udp.local</c>, one instance per node
/// named by its DID's base58 part, an SRV record with the P2P port, and TXT <c>did=</c>, <c>version=</c>.
/// </summary>
public static class MdnsRecords
{
    public static readonly DomainName ServiceName = new("_icn._udp.local");
    public const string ProtocolVersion = "1";

    /// <summary>A query asking every node on the link to announce itself.</summary>
    public static byte[] Query()
    {
        var query = new Message();
        query.Questions.Add(new Question { Name = ServiceName, Type = DnsType.PTR, Class = DnsClass.IN });
        return query.ToByteArray();
    }

    /// <summary>An unsolicited response advertising <paramref name="self"/> on <paramref name="port"/>.</summary>
    public static byte[] Announcement(Did self, int port, TimeSpan ttl)
    {
        var instance = new DomainName($"{self.ToString()[Did.Prefix.Length..]}.{ServiceName}");
        var host = new DomainName($"{self.ToString()[Did.Prefix.Length..]}.local");
        var response = new Message { QR = true, AA = true };
        response.Answers.Add(new PTRRecord { Name = ServiceName, DomainName = instance, TTL = ttl });
        response.AdditionalRecords.Add(new SRVRecord { Name = instance, Port = (ushort)port, Target = host, TTL = ttl });
        response.AdditionalRecords.Add(new TXTRecord { Name = instance, Strings = [$"did={self}", $"version={ProtocolVersion}"], TTL = ttl });
        return response.ToByteArray();
    }

    /// <summary>True when the packet is a query for the ICN service.</summary>
    public static bool IsServiceQuery(Message message) =>
        message.IsQuery && message.Questions.Any(q => q.Name.Equals(ServiceName) && q.Type is DnsType.PTR or DnsType.ANY);

    /// <summary>
    /// The peers a response advertises, reachable at <paramref name="source"/> (the sender's address)
    /// and the SRV port; a pointer with TTL 0 is a goodbye. Records that do not add up (no DID, bad
    /// DID, no port) are skipped.
    /// </summary>
    public static IEnumerable<Advertisement> Peers(Message message, IPAddress source)
    {
        if (!message.IsResponse)
        {
            yield break;
        }

        var records = message.Answers.Concat(message.AdditionalRecords).ToList();
        foreach (var pointer in records.OfType<PTRRecord>().Where(p => p.Name.Equals(ServiceName)))
        {
            var service = records.OfType<SRVRecord>().FirstOrDefault(s => s.Name.Equals(pointer.DomainName));
            var text = records.OfType<TXTRecord>().FirstOrDefault(t => t.Name.Equals(pointer.DomainName));
            var didText = text?.Strings.FirstOrDefault(s => s.StartsWith("did=", StringComparison.Ordinal))?["did=".Length..];
            if (service is null || service.Port == 0 || !Did.TryParse(didText, out var did))
            {
                continue;
            }

            yield return new Advertisement(PeerAddress.Of(did, new IPEndPoint(source, service.Port)), Leaving: pointer.TTL == TimeSpan.Zero);
        }
    }
}

/// <summary>A node seen on the link: arriving (or still there), or saying goodbye.</summary>
public sealed record Advertisement(PeerAddress Peer, bool Leaving);

using System.Net;
using Icn.Identity.Keys;
using Icn.Network.Discovery;
using Makaretu.Dns;

namespace Icn.Network.Tests;

public class MdnsRecordsTests
{
    private static readonly IPAddress s_source = IPAddress.Parse("10.1.2.3");

    [Fact]
    public void An_announcement_names_the_did_and_port_and_is_read_back_from_the_senders_address()
    {
        using var key = IdentityKeyPair.Generate();

        var advertisement = Assert.Single(MdnsRecords.Peers(Read(MdnsRecords.Announcement(key.Did, 7777, TimeSpan.FromMinutes(2))), s_source));

        Assert.Equal(key.Did, advertisement.Peer.Did);
        Assert.Equal("10.1.2.3", advertisement.Peer.Host);
        Assert.Equal(7777, advertisement.Peer.Port);
        Assert.False(advertisement.Leaving);
    }

    [Fact]
    public void A_zero_ttl_announcement_is_a_goodbye()
    {
        using var key = IdentityKeyPair.Generate();

        Assert.True(Assert.Single(MdnsRecords.Peers(Read(MdnsRecords.Announcement(key.Did, 7777, TimeSpan.Zero)), s_source)).Leaving);
    }

    [Fact]
    public void The_query_asks_for_the_icn_service_and_is_not_an_advertisement()
    {
        var query = Read(MdnsRecords.Query());

        Assert.True(MdnsRecords.IsServiceQuery(query));
        Assert.Empty(MdnsRecords.Peers(query, s_source));
    }

    [Fact]
    public void Records_without_a_valid_did_or_port_are_skipped()
    {
        var instance = new DomainName("x." + MdnsRecords.ServiceName);
        var response = new Message { QR = true };
        response.Answers.Add(new PTRRecord { Name = MdnsRecords.ServiceName, DomainName = instance });
        response.AdditionalRecords.Add(new SRVRecord { Name = instance, Port = 7777, Target = new DomainName("x.local") });
        response.AdditionalRecords.Add(new TXTRecord { Name = instance, Strings = ["did=did:icn:zNotAKey"] });

        Assert.Empty(MdnsRecords.Peers(Read(response.ToByteArray()), s_source));
    }

    private static Message Read(byte[] packet) => (Message)new Message().Read(packet, 0, packet.Length);
}

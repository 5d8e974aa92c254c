using System.Diagnostics;
using System.Text.Json;
using Icn.Node.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Icn.Node.Tests;

public sealed class JsonLineFormatterTests
{
    [Fact]
    public void An_event_inside_a_span_is_one_object_with_its_trace_fields_and_an_exception_without_its_stack()
    {
        using var span = new Activity("pay").SetIdFormat(ActivityIdFormat.W3C).Start();
        var state = new List<KeyValuePair<string, object?>>
        {
            new("Peer", "did:icn:zpeer"), new("Count", 3), new("Ratio", double.NaN), new("{OriginalFormat}", "peer {Peer} count {Count}"),
        };
        Exception thrown;
        try
        {
            throw new InvalidOperationException("disk gone");
        }
        catch (InvalidOperationException e)
        {
            thrown = e;
        }

        var entry = new LogEntry<List<KeyValuePair<string, object?>>>(LogLevel.Warning, "Icn.Gossip.Engine.GossipEngine", new EventId(3005, "Stalled"),
            state, thrown, (s, _) => "peer did:icn:zpeer count 3");
        using var writer = new StringWriter();
        new JsonLineFormatter().Write(entry, null, writer);

        var text = writer.ToString();
        Assert.EndsWith("}\n", text, StringComparison.Ordinal);
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var line = JsonDocument.Parse(text).RootElement;
        Assert.Equal("warn", line.GetProperty("level").GetString());
        Assert.Equal(3005, line.GetProperty("event_id").GetInt32());
        Assert.Equal("Stalled", line.GetProperty("event").GetString());
        Assert.Equal("gossip", line.GetProperty("component").GetString());
        Assert.Equal("peer did:icn:zpeer count 3", line.GetProperty("message").GetString());
        Assert.Equal(span.TraceId.ToHexString(), line.GetProperty("trace_id").GetString());
        Assert.Equal(span.SpanId.ToHexString(), line.GetProperty("span_id").GetString());
        Assert.Equal(3, line.GetProperty("fields").GetProperty("Count").GetInt32());
        Assert.Equal("NaN", line.GetProperty("fields").GetProperty("Ratio").GetString());
        Assert.False(line.GetProperty("fields").TryGetProperty("{OriginalFormat}", out _));
        Assert.Equal("InvalidOperationException: disk gone", line.GetProperty("exception").GetString());
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Icn.Node.Http.ConnectionGate", "http")]
    [InlineData("Icn.Node.Components.LedgerComponent", "ledger")]
    [InlineData("Icn.Node", "node")]
    [InlineData("Icn.Node.Supervision.ReadinessTracker", "node")]
    [InlineData("Icn.Network.Sessions.PeerSession", "network")]
    [InlineData("Microsoft.AspNetCore.Server.Kestrel", null)]
    public void Each_category_belongs_to_the_component_with_its_longest_prefix(string category, string? component) =>
        Assert.Equal(component, LogComponents.Of(category));
}
